import type { Catalog } from "../../../platform/i18n";

/** The shared agenda: items, priorities and statuses. */
const en = {
  agendaHeading: "Shared agenda",
  agendaTitle: "Shared agenda of the practice groups",
  agendaIntro:
    "What the 12 national practice groups are working on together for families, schools and communities. Filter by group, status or priority.",
  communityAgendaTitle: "Agenda of {name}",
  agendaEmpty: "No agenda items yet.",
  agendaCaption: "Agenda items",
  agendaItem: "Item",
  agendaPriority: "Priority",
  agendaStatus: "Status",
  agendaOwner: "Owner",
  agendaTopics: "Linked topics",
  agendaCommunity: "Practice group",
  agendaDescription: "Description",
  agendaAdd: "Add an agenda item",
  agendaEdit: "Edit",
  agendaSave: "Save agenda item",
  agendaSaved: "Agenda item saved.",
  agendaNoOwner: "No owner",
  agendaSeeAll: "See the full agenda",
  agendaNational: "National shared agenda",
  priority_high: "High",
  priority_medium: "Medium",
  priority_low: "Low",
  status_proposed: "Proposed",
  status_active: "Active",
  status_done: "Done",
};

const es: Catalog<typeof en>["es"] = {
  agendaHeading: "Agenda compartida",
  agendaTitle: "Agenda compartida de los grupos de práctica",
  agendaIntro:
    "Lo que los 12 grupos de práctica nacionales trabajan juntos para familias, escuelas y comunidades. Filtre por grupo, estado o prioridad.",
  communityAgendaTitle: "Agenda de {name}",
  agendaEmpty: "Todavía no hay puntos en la agenda.",
  agendaCaption: "Puntos de la agenda",
  agendaItem: "Punto",
  agendaPriority: "Prioridad",
  agendaStatus: "Estado",
  agendaOwner: "Responsable",
  agendaTopics: "Temas vinculados",
  agendaCommunity: "Grupo de práctica",
  agendaDescription: "Descripción",
  agendaAdd: "Agregar un punto a la agenda",
  agendaEdit: "Editar",
  agendaSave: "Guardar el punto",
  agendaSaved: "Punto de la agenda guardado.",
  agendaNoOwner: "Sin responsable",
  agendaSeeAll: "Ver la agenda completa",
  agendaNational: "Agenda nacional compartida",
  priority_high: "Alta",
  priority_medium: "Media",
  priority_low: "Baja",
  status_proposed: "Propuesto",
  status_active: "Activo",
  status_done: "Terminado",
};

export const agendaMessages: Catalog<typeof en> = { en, es };
