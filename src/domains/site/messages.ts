import type { Catalog } from "../../platform/i18n";

const en = {
  home: "Home",
  homeTitle: "School mental health, together",
  homeHeading: "Stronger school mental health systems, built together",
  homeIntro:
    "SMH Commons is a free, open platform where school, district and state teams measure their school mental health systems, learn from each other and improve — with families and youth at the table.",
  homeJoin: "Create a free account",
  homeSignIn: "Sign in",
  homeWhatHeading: "What you can do here",
  measureTitle: "Measure",
  measureBody:
    "Record your school's mental health profile each year and rate the quality and sustainability of your system. See how you compare with your district, state and the nation.",
  connectTitle: "Connect",
  connectBody:
    "Join the 12 national practice groups, your state's community of practice and improvement networks. Discuss, share and meet.",
  improveTitle: "Improve",
  improveBody: "Turn your scores into a plan, test changes in short cycles and watch your measures move.",
  shareTitle: "Learn and meet",
  shareBody:
    "The annual conference, regional events, webinars and training: register, present and earn continuing-education credit.",
  homeWhoHeading: "Who it is for",
  homeWho:
    "School and district mental health teams, state agencies and coalitions, educators, school- and community-employed clinicians, families, youth, researchers and policymakers. No student-level information is ever collected.",
  homeSeeGroups: "See the 12 national practice groups",
  groupsTitle: "National practice groups",
  groupsIntro:
    "The National Community of Practice works in {count} practice groups, each focused on one part of a shared family–school–community agenda. Anyone may join a group.",
  accessibilityTitle: "Accessibility",
  accessibilityBody:
    "SMH Commons aims to meet WCAG 2.2 level AA. Every page works with a keyboard and a screen reader and without JavaScript, and every chart has a data table. If something does not work for you, tell us through your practice group or team lead and we will fix it.",
  privacyTitle: "Privacy",
  privacyBody:
    "We never store information about individual students. A school's data is seen only by its own team and by its district, state and national staff. Public and research figures are totals, and any figure built from fewer than 10 schools is hidden.",
};

const es: Catalog<typeof en>["es"] = {
  home: "Inicio",
  homeTitle: "Salud mental escolar, juntos",
  homeHeading: "Sistemas de salud mental escolar más fuertes, construidos en conjunto",
  homeIntro:
    "SMH Commons es una plataforma abierta y gratuita donde los equipos de escuelas, distritos y estados miden sus sistemas de salud mental escolar, aprenden unos de otros y mejoran, con las familias y los jóvenes en la mesa.",
  homeJoin: "Crear una cuenta gratuita",
  homeSignIn: "Iniciar sesión",
  homeWhatHeading: "Lo que puede hacer aquí",
  measureTitle: "Medir",
  measureBody:
    "Registre cada año el perfil de salud mental de su escuela y califique la calidad y la sostenibilidad de su sistema. Compárese con su distrito, su estado y el país.",
  connectTitle: "Conectar",
  connectBody:
    "Únase a los 12 grupos de práctica nacionales, a la comunidad de práctica de su estado y a redes de mejora. Converse, comparta y reúnase.",
  improveTitle: "Mejorar",
  improveBody:
    "Convierta sus resultados en un plan, pruebe cambios en ciclos cortos y vea cómo avanzan sus medidas.",
  shareTitle: "Aprender y reunirse",
  shareBody:
    "La conferencia anual, eventos regionales, seminarios web y capacitación: inscríbase, presente y obtenga créditos de educación continua.",
  homeWhoHeading: "Para quién es",
  homeWho:
    "Equipos de salud mental de escuelas y distritos, agencias estatales y coaliciones, educadores, clínicos escolares y comunitarios, familias, jóvenes, investigadores y responsables de políticas. Nunca se recopila información individual de estudiantes.",
  homeSeeGroups: "Ver los 12 grupos de práctica nacionales",
  groupsTitle: "Grupos de práctica nacionales",
  groupsIntro:
    "La Comunidad de Práctica Nacional trabaja en {count} grupos de práctica, cada uno centrado en una parte de una agenda compartida entre familias, escuelas y comunidades. Cualquier persona puede unirse a un grupo.",
  accessibilityTitle: "Accesibilidad",
  accessibilityBody:
    "SMH Commons busca cumplir las pautas WCAG 2.2 nivel AA. Cada página funciona con teclado, con lector de pantalla y sin JavaScript, y cada gráfico tiene una tabla de datos. Si algo no le funciona, díganoslo por medio de su grupo de práctica o de la persona líder de su equipo y lo arreglaremos.",
  privacyTitle: "Privacidad",
  privacyBody:
    "Nunca guardamos información de estudiantes individuales. Los datos de una escuela solo los ven su propio equipo y el personal de su distrito, de su estado y nacional. Las cifras públicas y de investigación son totales, y se oculta cualquier cifra basada en menos de 10 escuelas.",
};

export const siteCatalog: Catalog<typeof en> = { en, es };
