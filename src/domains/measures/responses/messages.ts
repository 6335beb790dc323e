import type { Catalog } from "../../../platform/i18n";

// The confirmation before a submission, the form's place among the domains, and the save status.
const en = {
  reviewSubmit: "Review and submit",
  confirmTitle: "Submit {title}?",
  confirmIntro: "Submitting dates this time point, locks it and scores it. Check what is answered first.",
  confirmProfileIntro:
    "Submitting marks this year's profile as complete and locks it. Check what is answered first.",
  confirmCaption: "Answers in each domain",
  confirmSectionsCaption: "Answers in each section",
  colDomain: "Domain",
  colSection: "Section",
  colAnswered: "Answered",
  colRated: "Rated 1–6",
  ofTotal: "{n} of {total}",
  confirmTotals: "{answered} of {total} answered in all; {rated} indicators rated.",
  confirmUnanswered:
    "Unanswered indicators are left out of the scores; a domain with fewer than half of its indicators rated shows “not enough answers”.",
  nothingRated: "Rate at least one indicator before submitting the assessment.",
  confirmSubmit: "Submit and lock",
  confirmBack: "Go back to the answers",
  domainOf: "Domain {n} of {total}",
  sectionOf: "Section {n} of {total}",
};

const es: Catalog<typeof en>["es"] = {
  reviewSubmit: "Revisar y enviar",
  confirmTitle: "¿Enviar {title}?",
  confirmIntro:
    "Al enviar, este momento queda fechado, bloqueado y calificado. Revise primero lo que está respondido.",
  confirmProfileIntro:
    "Al enviar, el perfil de este año queda completo y bloqueado. Revise primero lo que está respondido.",
  confirmCaption: "Respuestas en cada dominio",
  confirmSectionsCaption: "Respuestas en cada sección",
  colDomain: "Dominio",
  colSection: "Sección",
  colAnswered: "Respondidos",
  colRated: "Calificados de 1 a 6",
  ofTotal: "{n} de {total}",
  confirmTotals: "{answered} de {total} respondidos en total; {rated} indicadores calificados.",
  confirmUnanswered:
    "Los indicadores sin respuesta no cuentan en los puntajes; un dominio con menos de la mitad de sus indicadores calificados muestra «respuestas insuficientes».",
  nothingRated: "Califique al menos un indicador antes de enviar la evaluación.",
  confirmSubmit: "Enviar y bloquear",
  confirmBack: "Volver a las respuestas",
  domainOf: "Dominio {n} de {total}",
  sectionOf: "Sección {n} de {total}",
};

export const responsesCatalog: Catalog<typeof en> = { en, es };
