import type { Catalog } from "../../../platform/i18n";

const en = {
  home: "Home",
  measures: "Measures",
  title: "Sharing {school}'s data",
  intro:
    "Your district always sees your school's profile and assessments. Each school year, your school chooses whether they are also counted beyond the district: in your state's and the nation's figures, on the public national dashboard and in de-identified research files. Sharing is the default.",
  tableCaption: "Your choice by school year",
  schoolYear: "School year",
  choice: "Shared beyond the district",
  changed: "Last changed",
  yes: "Yes",
  no: "No",
  defaultYes: "Yes (default)",
  formHeading: "Change the choice",
  shared: "Share this year's data beyond the district?",
  sharedYes: "Yes: count our school in state, national, public and research figures",
  sharedNo: "No: our district only",
  save: "Save the choice",
  savedFlash: "The choice is saved. State and national figures now follow it.",
  unchangedFlash: "Nothing changed: that was already the choice.",
  chooseOne: "Choose yes or no.",
};

const es: Catalog<typeof en>["es"] = {
  home: "Inicio",
  measures: "Medidas",
  title: "Compartir los datos de {school}",
  intro:
    "Su distrito siempre ve el perfil y las evaluaciones de su escuela. Cada año escolar, su escuela decide si también se cuentan más allá del distrito: en las cifras de su estado y del país, en el tablero nacional público y en los archivos de investigación sin identificación. Compartir es la opción predeterminada.",
  tableCaption: "Su decisión por año escolar",
  schoolYear: "Año escolar",
  choice: "Se comparte más allá del distrito",
  changed: "Último cambio",
  yes: "Sí",
  no: "No",
  defaultYes: "Sí (predeterminado)",
  formHeading: "Cambiar la decisión",
  shared: "¿Compartir los datos de este año más allá del distrito?",
  sharedYes: "Sí: contar nuestra escuela en las cifras estatales, nacionales, públicas y de investigación",
  sharedNo: "No: solo nuestro distrito",
  save: "Guardar la decisión",
  savedFlash: "La decisión se guardó. Las cifras estatales y nacionales ya la siguen.",
  unchangedFlash: "No cambió nada: esa ya era la decisión.",
  chooseOne: "Elija sí o no.",
};

export const sharingCatalog: Catalog<typeof en> = { en, es };
