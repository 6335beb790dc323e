import type { Catalog } from "../../../platform/i18n";

/** Messages of the participation follow-up page and of the reminder email. */
const en = {
  title: "Participation follow-up: {name}",
  link: "Participation follow-up: schools still to take part this year",
  intro:
    "Schools below {name} without a submitted profile or assessment for {year}, with their team leads. A reminder goes to every lead of the schools listed; a school reminded in the last 24 hours is not reminded again.",
  count: "{n} of {total} schools have not submitted both this year.",
  none: "Every school has submitted its profile and assessment this year.",
  caption: "Schools still to take part (page {page} of {pages})",
  colSchool: "School",
  colDistrict: "District",
  colMissing: "Still to submit",
  colLeads: "Team leads",
  missingProfile: "Profile",
  missingAssessment: "Assessment",
  noLead: "No team lead yet",
  hiddenLead: "Not shown",
  remind: "Send a reminder to every school listed ({n})",
  sentFlash:
    "Reminders sent to {sent} schools' leads ({emails} emails); {skipped} schools were reminded in the last 24 hours or have no lead.",
  emailSubject: "{school}: this year's census profile and assessment ({year})",
  emailBody:
    "Hello {name},\n\n{scope} asks {school} to complete its school mental health {missing} for {year}.\n\nOpen your school's page: {url}\n\nThank you.",
  both: "profile and assessment",
  profileOnly: "profile",
  assessmentOnly: "assessment",
};

const es: Catalog<typeof en>["es"] = {
  title: "Seguimiento de la participación: {name}",
  link: "Seguimiento de la participación: escuelas que aún no participan este año",
  intro:
    "Escuelas de {name} sin perfil o evaluación enviados para {year}, con sus líderes de equipo. Se envía un recordatorio a cada líder de las escuelas de la lista; una escuela que recibió un recordatorio en las últimas 24 horas no lo recibe de nuevo.",
  count: "{n} de {total} escuelas no han enviado ambos este año.",
  none: "Todas las escuelas enviaron su perfil y su evaluación este año.",
  caption: "Escuelas que aún deben participar (página {page} de {pages})",
  colSchool: "Escuela",
  colDistrict: "Distrito",
  colMissing: "Falta enviar",
  colLeads: "Líderes del equipo",
  missingProfile: "Perfil",
  missingAssessment: "Evaluación",
  noLead: "Todavía sin líder",
  hiddenLead: "No se muestra",
  remind: "Enviar un recordatorio a todas las escuelas de la lista ({n})",
  sentFlash:
    "Recordatorios enviados a los líderes de {sent} escuelas ({emails} correos); {skipped} escuelas recibieron uno en las últimas 24 horas o no tienen líder.",
  emailSubject: "{school}: perfil del censo y evaluación de este año ({year})",
  emailBody:
    "Hola, {name}:\n\n{scope} pide a {school} completar su {missing} de salud mental escolar para {year}.\n\nAbra la página de su escuela: {url}\n\nGracias.",
  both: "perfil y evaluación",
  profileOnly: "perfil",
  assessmentOnly: "evaluación",
};

export const followupCatalog: Catalog<typeof en> = { en, es };
