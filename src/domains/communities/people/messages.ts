import type { Catalog } from "../../../platform/i18n";

/** Member profiles, privacy settings and the reach figures. */
const en = {
  personalCalendar:
    "Your personal calendar feed (iCal) with the meetings of all your communities. Keep its link private.",
  personalCalendarLink: "Make or revoke calendar links on your account page",
  profileStakeholder: "Stakeholder role",
  profileState: "State",
  profileOrganisation: "Organisation",
  profileEmail: "Email",
  profileBio: "About",
  profileCommunities: "Communities",
  profileHandle: "Mention as @{handle}",
  profileEdit: "Edit your profile and privacy",
  profileEditTitle: "Your community profile",
  profileBioLabel: "Short bio",
  profileOrganisationLabel: "Organisation",
  profilePrivacy: "What other members see",
  privacy_showEmail: "Show my email address",
  privacy_showState: "Show my state",
  privacy_showOrganisation: "Show my organisation",
  privacy_showCommunities: "Show the communities I belong to",
  profileSaved: "Your profile was saved.",
  profileSave: "Save profile",
  reachTitle: "Reach of the communities",
  reachCommunityTitle: "Reach of {name}",
  reachIntro:
    "How many people the communities reach, by stakeholder type and by state. Each person is counted once.",
  reachByType: "Members by stakeholder type",
  reachByState: "Members by state",
  reachTotal: "{count} people",
  reachCsv: "Download as CSV",
  reachLink: "Reach figures",
  stateColumn: "State",
  noState: "Not given",
};

const es: Catalog<typeof en>["es"] = {
  personalCalendar:
    "Su calendario personal (iCal) con las reuniones de todas sus comunidades. No comparta su enlace.",
  personalCalendarLink: "Cree o revoque enlaces de calendario en la página de su cuenta",
  profileStakeholder: "Rol de participante",
  profileState: "Estado",
  profileOrganisation: "Organización",
  profileEmail: "Correo electrónico",
  profileBio: "Acerca de",
  profileCommunities: "Comunidades",
  profileHandle: "Mencionar como @{handle}",
  profileEdit: "Editar su perfil y privacidad",
  profileEditTitle: "Su perfil en las comunidades",
  profileBioLabel: "Biografía breve",
  profileOrganisationLabel: "Organización",
  profilePrivacy: "Lo que ven otros miembros",
  privacy_showEmail: "Mostrar mi correo electrónico",
  privacy_showState: "Mostrar mi estado",
  privacy_showOrganisation: "Mostrar mi organización",
  privacy_showCommunities: "Mostrar las comunidades a las que pertenezco",
  profileSaved: "Se guardó su perfil.",
  profileSave: "Guardar perfil",
  reachTitle: "Alcance de las comunidades",
  reachCommunityTitle: "Alcance de {name}",
  reachIntro:
    "Cuántas personas alcanzan las comunidades, por tipo de participante y por estado. Cada persona se cuenta una vez.",
  reachByType: "Miembros por tipo de participante",
  reachByState: "Miembros por estado",
  reachTotal: "{count} personas",
  reachCsv: "Descargar en CSV",
  reachLink: "Cifras de alcance",
  stateColumn: "Estado",
  noState: "Sin indicar",
};

export const peopleMessages: Catalog<typeof en> = { en, es };
