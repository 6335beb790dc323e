import type { Catalog } from "../../../platform/i18n";

/** Search of the discussions. */
const en = {
  searchTitle: "Search discussions",
  searchLabel: "Search words",
  searchHint: "Searches the topics and posts you may read, in English and Spanish.",
  searchCommunity: "Community",
  searchFrom: "From date",
  searchTo: "To date",
  searchButton: "Search",
  searchResults: "{count} results for “{q}”",
  searchNone: "No results. Try fewer or different words.",
  searchLimited:
    "These words appear in many posts, so only the most recent matches are ranked. Add words, a community or dates to narrow the search.",
  dateHint: "For example 2026-03-31",
};

const es: Catalog<typeof en>["es"] = {
  searchTitle: "Buscar en las conversaciones",
  searchLabel: "Palabras a buscar",
  searchHint: "Busca en los temas y publicaciones que usted puede leer, en inglés y en español.",
  searchCommunity: "Comunidad",
  searchFrom: "Desde la fecha",
  searchTo: "Hasta la fecha",
  searchButton: "Buscar",
  searchResults: "{count} resultados para «{q}»",
  searchNone: "Sin resultados. Pruebe con menos palabras o con otras.",
  searchLimited:
    "Estas palabras aparecen en muchas publicaciones, así que solo se ordenan las coincidencias más recientes. Agregue palabras, una comunidad o fechas para acotar la búsqueda.",
  dateHint: "Por ejemplo 2026-03-31",
};

export const searchMessages: Catalog<typeof en> = { en, es };
