import type { Catalog } from "../../../platform/i18n";

const en = {
  home: "Home",
  title: "National school mental health dashboard",
  intro:
    "How many schools in each state took part in the national school mental health measures, and how they rated the quality and sustainability of their systems (each domain on a scale of 1 to 6). Anyone may read and download these figures.",
  privacy:
    "To protect schools, a figure built from fewer than 10 schools is not shown, and another figure is hidden with it where the hidden one could otherwise be worked out from the national total. Schools that chose not to share their data beyond their district are not counted.",
  schoolYear: "School year",
  show: "Show",
  noData: "No school has submitted the national measures yet, so there is nothing to show.",
  summaryHeading: "The nation in {year}",
  schoolsInDirectory: "Schools in the directory",
  withProfile: "Schools with a profile",
  withAssessment: "Schools with an assessment",
  compositeMean: "Overall mean (1–6)",
  mapHeading: "By state",
  mapTitle: "Overall quality and sustainability mean by state, {year}",
  mapDesc:
    "Tile map: each square is a state or territory, labelled with its code and overall mean on a scale of 1 to 6; darker means a higher mean; a dash means hidden or no data. The table beside the map has the same figures.",
  mapLegendHidden: "Hidden or no data",
  mapLegendFrom: "{min} or more",
  mapTableCaption: "Overall mean and schools with an assessment by state, {year}",
  stateHeading: "Every figure by state",
  stateCaption: "Participation and domain means by state, {year} (means on a scale of 1 to 6)",
  state: "State",
  nation: "Nation",
  hidden: "Hidden",
  hiddenSmall: "Hidden (fewer than 10 schools)",
  hiddenComplementary: "Hidden (protects another hidden figure)",
  csvYear: "Download this table (CSV)",
  trendHeading: "Trends by school year",
  trendChartTitle: "National overall mean by school year",
  trendChartDesc:
    "Line chart of the national overall mean on a scale of 1 to 6 for each school year on record, each point labelled with its value. The table below has the same figures and each domain's mean.",
  trendCaption: "The nation by school year (means on a scale of 1 to 6)",
  csvTrend: "Download the trends (CSV)",
  apiNote: "The same figures are available as JSON from the public API:",
  apiLink: "public API reference",
  percentOf: "{n} ({pct}%)",
};

const es: Catalog<typeof en>["es"] = {
  home: "Inicio",
  title: "Tablero nacional de salud mental escolar",
  intro:
    "Cuántas escuelas de cada estado participaron en las medidas nacionales de salud mental escolar y cómo calificaron la calidad y la sostenibilidad de sus sistemas (cada dominio en una escala de 1 a 6). Cualquier persona puede leer y descargar estas cifras.",
  privacy:
    "Para proteger a las escuelas, no se muestra ninguna cifra basada en menos de 10 escuelas, y se oculta otra cifra junto con ella cuando la oculta podría calcularse a partir del total nacional. No se cuentan las escuelas que decidieron no compartir sus datos más allá de su distrito.",
  schoolYear: "Año escolar",
  show: "Mostrar",
  noData: "Ninguna escuela ha enviado todavía las medidas nacionales, así que no hay nada que mostrar.",
  summaryHeading: "El país en {year}",
  schoolsInDirectory: "Escuelas en el directorio",
  withProfile: "Escuelas con perfil",
  withAssessment: "Escuelas con evaluación",
  compositeMean: "Promedio general (1–6)",
  mapHeading: "Por estado",
  mapTitle: "Promedio general de calidad y sostenibilidad por estado, {year}",
  mapDesc:
    "Mapa de mosaicos: cada cuadro es un estado o territorio, con su código y su promedio general en una escala de 1 a 6; más oscuro significa un promedio más alto; un guion significa oculto o sin datos. La tabla junto al mapa tiene las mismas cifras.",
  mapLegendHidden: "Oculto o sin datos",
  mapLegendFrom: "{min} o más",
  mapTableCaption: "Promedio general y escuelas con evaluación por estado, {year}",
  stateHeading: "Todas las cifras por estado",
  stateCaption: "Participación y promedios por dominio por estado, {year} (promedios en una escala de 1 a 6)",
  state: "Estado",
  nation: "País",
  hidden: "Oculto",
  hiddenSmall: "Oculto (menos de 10 escuelas)",
  hiddenComplementary: "Oculto (protege otra cifra oculta)",
  csvYear: "Descargar esta tabla (CSV)",
  trendHeading: "Tendencias por año escolar",
  trendChartTitle: "Promedio general nacional por año escolar",
  trendChartDesc:
    "Gráfico de líneas del promedio general nacional en una escala de 1 a 6 para cada año escolar registrado; cada punto lleva su valor. La tabla de abajo tiene las mismas cifras y el promedio de cada dominio.",
  trendCaption: "El país por año escolar (promedios en una escala de 1 a 6)",
  csvTrend: "Descargar las tendencias (CSV)",
  apiNote: "Las mismas cifras están disponibles en JSON en la API pública:",
  apiLink: "referencia de la API pública",
  percentOf: "{n} ({pct} %)",
};

export const publicDashboardCatalog: Catalog<typeof en> = { en, es };
