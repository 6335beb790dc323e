import {
  DEFAULT_BANDS,
  type Guidance,
  type InstrumentDefinition,
  type InstrumentVariant,
  type ItemDefinition,
  RATING_SCALE,
  type SectionDefinition,
  type Text,
} from "./types";

/**
 * The Quality & Sustainability Assessment: seven domains, each indicator rated 1–6. The school and
 * district variants share their indicators; "{unit}" becomes "our school" or "our district", and a
 * few indicators exist in one variant only.
 */
interface Indicator {
  key: string;
  text: Text;
  only?: InstrumentVariant;
}

interface Domain {
  key: string;
  title: Text;
  intro: Text;
  guidance: Guidance;
  indicators: Indicator[];
}

const t = (en: string, es: string): Text => ({ en, es });

const DOMAINS: Domain[] = [
  {
    key: "teaming",
    title: t("Teaming", "Trabajo en equipo"),
    intro: t(
      "How the people who plan and deliver mental health supports work together.",
      "Cómo colaboran las personas que planifican y ofrecen los apoyos de salud mental.",
    ),
    guidance: {
      bestPractices: [
        t(
          "One team oversees all three tiers, so promotion, early help and treatment are planned as one system.",
          "Un solo equipo supervisa los tres niveles, para que la promoción, la ayuda temprana y el tratamiento se planifiquen como un sistema.",
        ),
        t(
          "School-employed and community-employed staff, families and youth sit at the same table.",
          "El personal escolar, el personal comunitario, las familias y los jóvenes se sientan a la misma mesa.",
        ),
        t(
          "Referral routes are written, short and known by every adult in the building.",
          "Las rutas de derivación están escritas, son breves y todos los adultos las conocen.",
        ),
      ],
      firstSteps: [
        t(
          "List who already meets about student well-being and merge overlapping meetings.",
          "Haga una lista de quién ya se reúne sobre el bienestar estudiantil y una las reuniones que se superponen.",
        ),
        t(
          "Invite at least one family member and one student to the next meeting.",
          "Invite al menos a un familiar y a un estudiante a la próxima reunión.",
        ),
        t(
          "Draw the referral process on one page and share it with all staff.",
          "Dibuje el proceso de derivación en una página y compártalo con todo el personal.",
        ),
      ],
    },
    indicators: [
      {
        key: "teaming.meets",
        text: t(
          "A team meets at least monthly to plan and oversee mental health supports at all three tiers in {unit}.",
          "Un equipo se reúne al menos una vez al mes para planificar y supervisar los apoyos de salud mental de los tres niveles en {unit}.",
        ),
      },
      {
        key: "teaming.both-employers",
        text: t(
          "The team includes both school-employed and community-employed mental health staff.",
          "El equipo incluye personal de salud mental empleado por la escuela y por la comunidad.",
        ),
      },
      {
        key: "teaming.youth-voice",
        text: t(
          "Students have a real voice in planning and reviewing supports.",
          "Los estudiantes tienen una voz real en la planificación y revisión de los apoyos.",
        ),
      },
      {
        key: "teaming.family-voice",
        text: t(
          "Families take part in planning and in decisions about supports.",
          "Las familias participan en la planificación y en las decisiones sobre los apoyos.",
        ),
      },
      {
        key: "teaming.roles",
        text: t(
          "Team roles, agendas and decisions are written down and shared.",
          "Los roles del equipo, las agendas y las decisiones se escriben y se comparten.",
        ),
      },
      {
        key: "teaming.referral",
        text: t(
          "A clear, widely known process routes each concern to the right level of support.",
          "Un proceso claro y conocido dirige cada inquietud al nivel de apoyo adecuado.",
        ),
      },
      {
        key: "teaming.agreements",
        text: t(
          "Written agreements with community partners set out roles, supervision and information sharing.",
          "Acuerdos escritos con socios comunitarios definen roles, supervisión e intercambio de información.",
        ),
      },
      {
        key: "teaming.staff-know",
        text: t(
          "Staff across {unit} know how the system works and how to ask for help for a student.",
          "El personal de {unit} sabe cómo funciona el sistema y cómo pedir ayuda para un estudiante.",
        ),
      },
      {
        key: "teaming.school-contacts",
        only: "district",
        text: t(
          "Every school in the district has a named mental health contact and coordinated district support.",
          "Cada escuela del distrito tiene un contacto de salud mental designado y apoyo coordinado del distrito.",
        ),
      },
    ],
  },
  {
    key: "needs",
    title: t("Needs Assessment & Resource Mapping", "Evaluación de necesidades y mapeo de recursos"),
    intro: t(
      "How well you know what students need and what help already exists.",
      "Qué tan bien conoce lo que necesitan los estudiantes y qué ayuda ya existe.",
    ),
    guidance: {
      bestPractices: [
        t(
          "Needs are assessed every year with more than one source of information.",
          "Las necesidades se evalúan cada año con más de una fuente de información.",
        ),
        t(
          "The resource map covers school and community services and is kept current.",
          "El mapa de recursos abarca servicios escolares y comunitarios y se mantiene al día.",
        ),
        t(
          "Gaps and overlaps found in the map drive the next year's priorities.",
          "Las brechas y duplicaciones del mapa orientan las prioridades del año siguiente.",
        ),
      ],
      firstSteps: [
        t(
          "Gather the data you already have: climate surveys, attendance, referrals.",
          "Reúna los datos que ya tiene: encuestas de clima, asistencia, derivaciones.",
        ),
        t(
          "List every service in a simple table: what, which tier, who, how to reach it.",
          "Haga una tabla sencilla de cada servicio: qué es, qué nivel, quién lo ofrece, cómo acceder.",
        ),
        t(
          "Ask a group of students and families what help they wish existed.",
          "Pregunte a un grupo de estudiantes y familias qué ayuda desearían que existiera.",
        ),
      ],
    },
    indicators: [
      {
        key: "needs.annual",
        text: t(
          "The team gathers information on student well-being and needs at least once a year.",
          "El equipo reúne información sobre el bienestar y las necesidades de los estudiantes al menos una vez al año.",
        ),
      },
      {
        key: "needs.voices",
        text: t(
          "That information includes what students and families say themselves.",
          "Esa información incluye lo que dicen los propios estudiantes y familias.",
        ),
      },
      {
        key: "needs.map-current",
        text: t(
          "A current map lists the services and supports available in {unit} and the community.",
          "Un mapa actualizado enumera los servicios y apoyos disponibles en {unit} y en la comunidad.",
        ),
      },
      {
        key: "needs.map-detail",
        text: t(
          "The map shows who provides each service, at which tier, and how to reach it.",
          "El mapa muestra quién ofrece cada servicio, en qué nivel y cómo acceder a él.",
        ),
      },
      {
        key: "needs.gaps",
        text: t(
          "Needs and resources are compared to find gaps and duplication.",
          "Se comparan necesidades y recursos para encontrar brechas y duplicaciones.",
        ),
      },
      {
        key: "needs.shared",
        text: t(
          "Findings are shared with staff, families and partners and used to set priorities.",
          "Los hallazgos se comparten con el personal, las familias y los socios y se usan para fijar prioridades.",
        ),
      },
      {
        key: "needs.across-schools",
        only: "district",
        text: t(
          "Needs are compared across schools so resources go where they are needed most.",
          "Las necesidades se comparan entre escuelas para dirigir los recursos adonde más se necesitan.",
        ),
      },
    ],
  },
  {
    key: "screening",
    title: t("Screening", "Detección"),
    intro: t(
      "How students who may need support are found early, with care and consent.",
      "Cómo se identifica pronto, con cuidado y consentimiento, a los estudiantes que pueden necesitar apoyo.",
    ),
    guidance: {
      bestPractices: [
        t(
          "Screening has a written plan: who is screened, when, with which tool, and what happens next.",
          "La detección tiene un plan escrito: a quién se evalúa, cuándo, con qué herramienta y qué sigue.",
        ),
        t(
          "No one is screened unless there is capacity to follow up promptly.",
          "No se evalúa a nadie si no hay capacidad para dar seguimiento pronto.",
        ),
        t(
          "Families are told in plain language and in their language what screening involves.",
          "Se informa a las familias en lenguaje sencillo y en su idioma sobre lo que implica la detección.",
        ),
      ],
      firstSteps: [
        t(
          "Pick one grade and one free, validated tool for a pilot.",
          "Elija un grado y una herramienta gratuita y validada para una prueba piloto.",
        ),
        t(
          "Write the safety protocol for urgent results before the first screening day.",
          "Escriba el protocolo de seguridad para resultados urgentes antes del primer día de detección.",
        ),
        t(
          "Decide who reviews results and how fast students are contacted.",
          "Decida quién revisa los resultados y con qué rapidez se contacta a los estudiantes.",
        ),
      ],
    },
    indicators: [
      {
        key: "screening.plan",
        text: t(
          "{unit} has a written plan for mental health screening: who, when and how.",
          "{unit} tiene un plan escrito de detección en salud mental: a quién, cuándo y cómo.",
        ),
      },
      {
        key: "screening.tools",
        text: t(
          "Screening tools are validated and suit students' ages, languages and cultures.",
          "Las herramientas de detección están validadas y se adaptan a la edad, el idioma y la cultura de los estudiantes.",
        ),
      },
      {
        key: "screening.consent",
        text: t(
          "Families are informed and the consent or opt-out process is clear.",
          "Se informa a las familias y el proceso de consentimiento o exclusión es claro.",
        ),
      },
      {
        key: "screening.trained",
        text: t(
          "Staff who run screening are trained to give it and to respond to results.",
          "El personal que aplica la detección está capacitado para hacerlo y para responder a los resultados.",
        ),
      },
      {
        key: "screening.follow-up",
        text: t(
          "Results are reviewed promptly and students who need follow-up are connected within a set time.",
          "Los resultados se revisan pronto y los estudiantes que necesitan seguimiento son atendidos en un plazo fijo.",
        ),
      },
      {
        key: "screening.safety",
        text: t(
          "A safety protocol guides the response when screening shows urgent risk.",
          "Un protocolo de seguridad guía la respuesta cuando la detección muestra un riesgo urgente.",
        ),
      },
      {
        key: "screening.planning-use",
        text: t(
          "Screening totals are used to plan supports for groups of students.",
          "Los totales de la detección se usan para planificar apoyos para grupos de estudiantes.",
        ),
      },
    ],
  },
  {
    key: "promotion",
    title: t("Mental Health Promotion (Tier 1)", "Promoción de la salud mental (Nivel 1)"),
    intro: t(
      "What every student, family and staff member receives to stay well.",
      "Lo que reciben todos los estudiantes, familias y miembros del personal para mantenerse bien.",
    ),
    guidance: {
      bestPractices: [
        t(
          "Social and emotional skills are taught to every student, not only to those in difficulty.",
          "Las habilidades socioemocionales se enseñan a todos los estudiantes, no solo a quienes tienen dificultades.",
        ),
        t(
          "Staff well-being is treated as part of the system, not an extra.",
          "El bienestar del personal se trata como parte del sistema, no como un extra.",
        ),
        t(
          "School climate is measured and the results change practice.",
          "El clima escolar se mide y los resultados cambian la práctica.",
        ),
      ],
      firstSteps: [
        t(
          "Choose one evidence-informed skills program and set a weekly time for it.",
          "Elija un programa de habilidades basado en evidencia y fije un horario semanal.",
        ),
        t(
          "Offer all staff a short session on recognising and responding to distress.",
          "Ofrezca a todo el personal una sesión breve sobre cómo reconocer y responder a la angustia.",
        ),
        t(
          "Send families one practical tip each month, in their languages.",
          "Envíe a las familias un consejo práctico cada mes, en sus idiomas.",
        ),
      ],
    },
    indicators: [
      {
        key: "promotion.skills",
        text: t(
          "All students are taught social, emotional and behavioural skills.",
          "A todos los estudiantes se les enseñan habilidades sociales, emocionales y de conducta.",
        ),
      },
      {
        key: "promotion.expectations",
        text: t(
          "Clear, positive school-wide expectations are taught and recognised.",
          "Se enseñan y reconocen expectativas claras y positivas para toda la escuela.",
        ),
      },
      {
        key: "promotion.staff-wellbeing",
        text: t(
          "Staff well-being is actively supported.",
          "El bienestar del personal se apoya de forma activa.",
        ),
      },
      {
        key: "promotion.literacy",
        text: t(
          "Staff are trained in mental health literacy and how to respond to a student in distress.",
          "El personal está capacitado en alfabetización en salud mental y en cómo responder a un estudiante en crisis.",
        ),
      },
      {
        key: "promotion.families",
        text: t(
          "Families receive information and chances to build skills that support mental health at home.",
          "Las familias reciben información y oportunidades para desarrollar habilidades que apoyan la salud mental en casa.",
        ),
      },
      {
        key: "promotion.climate",
        text: t(
          "School climate is measured and the results are used to improve it.",
          "El clima escolar se mide y los resultados se usan para mejorarlo.",
        ),
      },
      {
        key: "promotion.fidelity",
        text: t(
          "Tier 1 practices are evidence-informed and checked for how well they are delivered.",
          "Las prácticas del Nivel 1 se basan en evidencia y se verifica qué tan bien se aplican.",
        ),
      },
    ],
  },
  {
    key: "intervention",
    title: t(
      "Early Intervention & Treatment (Tiers 2 and 3)",
      "Intervención temprana y tratamiento (Niveles 2 y 3)",
    ),
    intro: t(
      "Help for students who need more than what everyone receives.",
      "Ayuda para los estudiantes que necesitan más de lo que reciben todos.",
    ),
    guidance: {
      bestPractices: [
        t(
          "Clear criteria decide who receives Tier 2 and Tier 3 supports, applied the same way for everyone.",
          "Criterios claros deciden quién recibe apoyos de Nivel 2 y 3, aplicados igual para todos.",
        ),
        t(
          "Each student's progress is measured and services change when progress stalls.",
          "El progreso de cada estudiante se mide y los servicios cambian cuando el progreso se detiene.",
        ),
        t(
          "Families plan services with the team, in their language.",
          "Las familias planifican los servicios con el equipo, en su idioma.",
        ),
      ],
      firstSteps: [
        t(
          "Write down the current entry criteria for each Tier 2 and Tier 3 service.",
          "Escriba los criterios actuales de ingreso a cada servicio de Nivel 2 y 3.",
        ),
        t(
          "Choose one brief progress measure to use in every Tier 2 group.",
          "Elija una medida breve de progreso para usar en cada grupo de Nivel 2.",
        ),
        t(
          "Check how many referrals to community care were completed last term.",
          "Revise cuántas derivaciones a atención comunitaria se completaron el último período.",
        ),
      ],
    },
    indicators: [
      {
        key: "intervention.criteria",
        text: t(
          "Clear criteria decide who receives Tier 2 and Tier 3 supports.",
          "Criterios claros deciden quién recibe apoyos de Nivel 2 y Nivel 3.",
        ),
      },
      {
        key: "intervention.early",
        text: t(
          "A range of evidence-based early intervention supports is offered in {unit}.",
          "Se ofrece en {unit} una variedad de apoyos de intervención temprana basados en evidencia.",
        ),
      },
      {
        key: "intervention.treatment",
        text: t(
          "Treatment is available on site or through close partners.",
          "El tratamiento está disponible en el lugar o a través de socios cercanos.",
        ),
      },
      {
        key: "intervention.progress",
        text: t(
          "Each student's progress is monitored with a measure and services are adjusted.",
          "El progreso de cada estudiante se sigue con una medida y los servicios se ajustan.",
        ),
      },
      {
        key: "intervention.families",
        text: t(
          "Families are partners in planning their child's services.",
          "Las familias son socias en la planificación de los servicios de sus hijos.",
        ),
      },
      {
        key: "intervention.responsive",
        text: t(
          "Supports are culturally responsive and accessible in language and for students with disabilities.",
          "Los apoyos son culturalmente pertinentes y accesibles en idioma y para estudiantes con discapacidad.",
        ),
      },
      {
        key: "intervention.transitions",
        text: t(
          "Referrals and transitions to community care are coordinated and followed up.",
          "Las derivaciones y transiciones a la atención comunitaria se coordinan y se les da seguimiento.",
        ),
      },
      {
        key: "intervention.supervision",
        text: t(
          "Providers receive supervision and training in evidence-based practice.",
          "Los proveedores reciben supervisión y capacitación en prácticas basadas en evidencia.",
        ),
      },
    ],
  },
  {
    key: "funding",
    title: t("Funding & Sustainability", "Financiamiento y sostenibilidad"),
    intro: t(
      "Whether the system can last beyond one grant or one champion.",
      "Si el sistema puede durar más allá de una subvención o de una sola persona que lo impulse.",
    ),
    guidance: {
      bestPractices: [
        t(
          "Funding is braided from several sources so no single loss ends a service.",
          "El financiamiento combina varias fuentes para que ninguna pérdida aislada termine un servicio.",
        ),
        t(
          "Services are billed to public and private insurance wherever they qualify.",
          "Los servicios se facturan a seguros públicos y privados siempre que califiquen.",
        ),
        t(
          "A written sustainability plan is reviewed every year with leadership.",
          "Un plan de sostenibilidad escrito se revisa cada año con la dirección.",
        ),
      ],
      firstSteps: [
        t(
          "List every current funding source and the date it ends.",
          "Haga una lista de cada fuente de financiamiento actual y su fecha de término.",
        ),
        t(
          "Ask your community partners which services they can bill for.",
          "Pregunte a sus socios comunitarios qué servicios pueden facturar.",
        ),
        t(
          "Share one page of results with a decision-maker this term.",
          "Comparta una página de resultados con una persona que toma decisiones este período.",
        ),
      ],
    },
    indicators: [
      {
        key: "funding.sources",
        text: t(
          "Mental health supports are funded from several sources.",
          "Los apoyos de salud mental se financian con varias fuentes.",
        ),
      },
      {
        key: "funding.billing",
        text: t(
          "Eligible services are billed to Medicaid and private insurance.",
          "Los servicios elegibles se facturan a Medicaid y a seguros privados.",
        ),
      },
      {
        key: "funding.plan",
        text: t(
          "A written sustainability plan exists and is reviewed every year.",
          "Existe un plan de sostenibilidad escrito que se revisa cada año.",
        ),
      },
      {
        key: "funding.leadership",
        text: t(
          "Leaders in {unit} champion mental health and set aside budget for it.",
          "Los líderes de {unit} promueven la salud mental y le asignan presupuesto.",
        ),
      },
      {
        key: "funding.positions",
        text: t(
          "Mental health positions are funded beyond a single grant.",
          "Los puestos de salud mental se financian más allá de una sola subvención.",
        ),
      },
      {
        key: "funding.case",
        text: t(
          "Data on services and results are used to make the case to funders and policymakers.",
          "Los datos sobre servicios y resultados se usan para argumentar ante financiadores y responsables de políticas.",
        ),
      },
      {
        key: "funding.policy",
        only: "district",
        text: t(
          "District policy supports mental health services in every school.",
          "La política del distrito apoya los servicios de salud mental en cada escuela.",
        ),
      },
    ],
  },
  {
    key: "impact",
    title: t("Impact", "Impacto"),
    intro: t(
      "Whether you know what the supports achieve and use that to improve.",
      "Si sabe lo que logran los apoyos y usa ese conocimiento para mejorar.",
    ),
    guidance: {
      bestPractices: [
        t(
          "Counts of students served at each tier are kept every term.",
          "Se registra cada período cuántos estudiantes reciben apoyo en cada nivel.",
        ),
        t(
          "Outcomes include well-being as well as attendance, behaviour and learning.",
          "Los resultados incluyen el bienestar además de la asistencia, la conducta y el aprendizaje.",
        ),
        t(
          "Results are reviewed at least twice a year and shared widely.",
          "Los resultados se revisan al menos dos veces al año y se comparten ampliamente.",
        ),
      ],
      firstSteps: [
        t(
          "Agree on three outcomes you will track this year.",
          "Acuerde tres resultados que seguirá este año.",
        ),
        t(
          "Set two dates to review results as a team.",
          "Fije dos fechas para revisar los resultados en equipo.",
        ),
        t(
          "Run one short plan–do–study–act cycle on a change you care about.",
          "Haga un ciclo breve de planificar–hacer–estudiar–actuar sobre un cambio que le importe.",
        ),
      ],
    },
    indicators: [
      {
        key: "impact.counts",
        text: t(
          "The number of students receiving supports at each tier is recorded.",
          "Se registra el número de estudiantes que reciben apoyos en cada nivel.",
        ),
      },
      {
        key: "impact.data-system",
        text: t(
          "Services and results are tracked in a data system.",
          "Los servicios y resultados se registran en un sistema de datos.",
        ),
      },
      {
        key: "impact.outcomes",
        text: t(
          "Outcomes such as well-being, attendance and learning are measured for students receiving services.",
          "Se miden resultados como el bienestar, la asistencia y el aprendizaje de los estudiantes que reciben servicios.",
        ),
      },
      {
        key: "impact.review",
        text: t(
          "Results are reviewed at least twice a year to improve the system.",
          "Los resultados se revisan al menos dos veces al año para mejorar el sistema.",
        ),
      },
      {
        key: "impact.report",
        text: t(
          "Results are reported to staff, families, partners and leaders.",
          "Los resultados se informan al personal, las familias, los socios y los líderes.",
        ),
      },
      {
        key: "impact.experience",
        text: t(
          "Students and families are asked about their experience of the supports.",
          "Se pregunta a estudiantes y familias sobre su experiencia con los apoyos.",
        ),
      },
      {
        key: "impact.cycles",
        text: t(
          "The team tests changes in short improvement cycles.",
          "El equipo prueba cambios en ciclos breves de mejora.",
        ),
      },
    ],
  },
];

const UNIT: Record<InstrumentVariant, Text> = {
  school: { en: "our school", es: "nuestra escuela" },
  district: { en: "our district", es: "nuestro distrito" },
};

function fill(text: Text, variant: InstrumentVariant): Text {
  const sub = (s: string, unit: string) =>
    s.replace(/^\{unit\}/, unit.charAt(0).toUpperCase() + unit.slice(1)).replaceAll("{unit}", unit);
  return { en: sub(text.en, UNIT[variant].en), es: sub(text.es, UNIT[variant].es) };
}

function section(domain: Domain, variant: InstrumentVariant): SectionDefinition {
  const items: ItemDefinition[] = domain.indicators
    .filter((i) => !i.only || i.only === variant)
    .map((i) => ({ key: i.key, type: "rating", prompt: fill(i.text, variant) }));
  return {
    key: domain.key,
    title: domain.title,
    intro: domain.intro,
    scored: true,
    guidance: domain.guidance,
    items,
  };
}

export function qualityAssessment(variant: InstrumentVariant): InstrumentDefinition {
  return {
    key: "quality",
    version: 1,
    kind: "assessment",
    variant,
    title:
      variant === "school"
        ? t(
            "Quality & Sustainability Assessment (school)",
            "Evaluación de calidad y sostenibilidad (escuela)",
          )
        : t(
            "Quality & Sustainability Assessment (district)",
            "Evaluación de calidad y sostenibilidad (distrito)",
          ),
    description: t(
      "Rate how fully each practice is in place, as a team and with students and families. Report on last school year the first time; low first scores are normal and show where to start.",
      "Califique en equipo, con estudiantes y familias, cuánto existe cada práctica. La primera vez, informe sobre el año escolar anterior; es normal obtener puntajes bajos al principio y muestran por dónde empezar.",
    ),
    publishedAt: "2026-08-01",
    scale: RATING_SCALE,
    bands: DEFAULT_BANDS,
    sections: DOMAINS.map((d) => section(d, variant)),
  };
}
