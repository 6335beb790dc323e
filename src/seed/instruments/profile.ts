import {
  DEFAULT_BANDS,
  type InstrumentDefinition,
  type InstrumentVariant,
  type ItemDefinition,
  type ItemOption,
  NO_STUDENT_INFO,
  type Text,
} from "./types";

/**
 * The Profile (census): what a school or district has — staffing, services by tier, screening,
 * counts of students served, funding, partnerships and data systems. Counts only, never names.
 */
const t = (en: string, es: string): Text => ({ en, es });
const opt = (key: string, en: string, es: string): ItemOption => ({ key, label: t(en, es) });

const ROLES: { key: string; label: Text }[] = [
  { key: "psychologist", label: t("School psychologist", "Psicólogo/a escolar") },
  { key: "counselor", label: t("School counselor", "Consejero/a escolar") },
  { key: "social-worker", label: t("School social worker", "Trabajador/a social escolar") },
  { key: "nurse", label: t("School nurse", "Enfermero/a escolar") },
  { key: "behavior-specialist", label: t("Behaviour specialist", "Especialista en conducta") },
  {
    key: "family-peer-partner",
    label: t("Family or peer support partner", "Acompañante familiar o de pares"),
  },
  { key: "psychiatrist", label: t("Psychiatrist", "Psiquiatra") },
  { key: "other-clinician", label: t("Other clinician", "Otro/a clínico/a") },
];

const staffing: ItemDefinition[] = ROLES.flatMap((role) => [
  {
    key: `staff.${role.key}.school`,
    type: "fte" as const,
    prompt: t(`${role.label.en}: school-employed (FTE)`, `${role.label.es}: empleado por la escuela (ETC)`),
  },
  {
    key: `staff.${role.key}.community`,
    type: "fte" as const,
    prompt: t(
      `${role.label.en}: community-employed (FTE)`,
      `${role.label.es}: empleado por la comunidad (ETC)`,
    ),
  },
]);

const SERVICE_OPTIONS: Record<1 | 2 | 3, ItemOption[]> = {
  1: [
    opt("sel", "Social and emotional learning for all", "Aprendizaje socioemocional para todos"),
    opt("pbis", "School-wide positive behaviour supports", "Apoyos positivos de conducta en toda la escuela"),
    opt("literacy", "Mental health literacy for staff", "Alfabetización en salud mental para el personal"),
    opt("family-education", "Family education events", "Actividades educativas para familias"),
    opt("staff-wellness", "Staff wellness activities", "Actividades de bienestar del personal"),
  ],
  2: [
    opt("groups", "Skills groups", "Grupos de habilidades"),
    opt("mentoring", "Mentoring", "Mentoría"),
    opt("check-in", "Check-in/check-out", "Registro de entrada y salida"),
    opt("brief-counseling", "Brief individual counselling", "Consejería individual breve"),
  ],
  3: [
    opt("therapy", "Individual therapy", "Terapia individual"),
    opt("family-therapy", "Family therapy", "Terapia familiar"),
    opt("medication", "Medication management", "Manejo de medicamentos"),
    opt("crisis", "Crisis response", "Respuesta a crisis"),
    opt("case-management", "Case management", "Gestión de casos"),
  ],
};

const PROVIDERS: ItemOption[] = [
  opt("school", "School-employed staff", "Personal empleado por la escuela"),
  opt("community", "Community-employed staff", "Personal empleado por la comunidad"),
  opt("both", "Both", "Ambos"),
  opt("none", "Not offered", "No se ofrece"),
];

const services: ItemDefinition[] = ([1, 2, 3] as const).flatMap((tier) => [
  {
    key: `services.tier${tier}`,
    type: "multi" as const,
    prompt: t(
      `Tier ${tier} services and supports offered`,
      `Servicios y apoyos de Nivel ${tier} que se ofrecen`,
    ),
    options: SERVICE_OPTIONS[tier],
  },
  {
    key: `services.tier${tier}.provider`,
    type: "choice" as const,
    prompt: t(`Who provides Tier ${tier} services?`, `¿Quién ofrece los servicios de Nivel ${tier}?`),
    options: PROVIDERS,
  },
]);

const GRADES: ItemOption[] = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"].map(
  (g) =>
    opt(
      g,
      g === "PK" ? "Pre-K" : g === "K" ? "Kindergarten" : `Grade ${g}`,
      g === "PK" ? "Prekínder" : g === "K" ? "Kínder" : `Grado ${g}`,
    ),
);

export function profile(variant: InstrumentVariant): InstrumentDefinition {
  const unit = variant === "school" ? t("school", "escuela") : t("district", "distrito");
  return {
    key: "profile",
    version: 1,
    kind: "profile",
    variant,
    title:
      variant === "school"
        ? t("School mental health profile", "Perfil de salud mental escolar")
        : t("District mental health profile", "Perfil de salud mental del distrito"),
    description: t(
      `A yearly census of your ${unit.en}'s mental health system. Enter totals only — never information about a student.`,
      `Un censo anual del sistema de salud mental de su ${unit.es}. Escriba solo totales, nunca información sobre un estudiante.`,
    ),
    publishedAt: "2026-08-01",
    bands: DEFAULT_BANDS,
    sections: [
      {
        key: "staffing",
        title: t("Staffing", "Personal"),
        intro: t(
          "Full-time equivalents (FTE) by role. 1.0 is one full-time person; enter 0 when there is none.",
          "Equivalentes a tiempo completo (ETC) por función. 1.0 es una persona a tiempo completo; escriba 0 si no hay.",
        ),
        scored: false,
        items: staffing,
      },
      {
        key: "services",
        title: t("Services by tier", "Servicios por nivel"),
        intro: t(
          "What is offered at each tier and who offers it.",
          "Qué se ofrece en cada nivel y quién lo ofrece.",
        ),
        scored: false,
        items: services,
      },
      {
        key: "screening",
        title: t("Screening", "Detección"),
        scored: false,
        items: [
          {
            key: "screening.conducted",
            type: "yesno",
            prompt: t(
              "Do you screen students for mental health needs?",
              "¿Evalúan a los estudiantes para detectar necesidades de salud mental?",
            ),
          },
          {
            key: "screening.grades",
            type: "multi",
            prompt: t("Which grades are screened?", "¿Qué grados se evalúan?"),
            options: GRADES,
          },
          {
            key: "screening.measure",
            type: "text",
            prompt: t("Which screening measure do you use?", "¿Qué instrumento de detección usan?"),
            hint: NO_STUDENT_INFO,
          },
          {
            key: "screening.count",
            type: "count",
            withinEnrollment: true,
            prompt: t(
              "How many students were screened last year?",
              "¿Cuántos estudiantes fueron evaluados el año pasado?",
            ),
          },
        ],
      },
      {
        key: "served",
        title: t("Students served", "Estudiantes atendidos"),
        intro: t(
          "Totals for the school year. Count each student once per tier.",
          "Totales del año escolar. Cuente a cada estudiante una vez por nivel.",
        ),
        scored: false,
        items: [
          {
            key: "served.tier2",
            type: "count",
            withinEnrollment: true,
            prompt: t(
              "Students who received Tier 2 services",
              "Estudiantes que recibieron servicios de Nivel 2",
            ),
          },
          {
            key: "served.tier3",
            type: "count",
            withinEnrollment: true,
            prompt: t(
              "Students who received Tier 3 services",
              "Estudiantes que recibieron servicios de Nivel 3",
            ),
          },
        ],
      },
      {
        key: "funding",
        title: t("Funding", "Financiamiento"),
        scored: false,
        items: [
          {
            key: "funding.sources",
            type: "multi",
            prompt: t(
              "Which sources fund mental health services?",
              "¿Qué fuentes financian los servicios de salud mental?",
            ),
            options: [
              opt("general", "General education funds", "Fondos generales de educación"),
              opt("medicaid", "Medicaid billing", "Facturación a Medicaid"),
              opt("private-insurance", "Private insurance", "Seguros privados"),
              opt("federal-grant", "Federal grants", "Subvenciones federales"),
              opt("state-grant", "State grants", "Subvenciones estatales"),
              opt("local", "Local or county funds", "Fondos locales o del condado"),
              opt("foundation", "Foundations", "Fundaciones"),
              opt("other", "Other", "Otras"),
            ],
          },
        ],
      },
      {
        key: "partnerships",
        title: t("Partnerships", "Alianzas"),
        scored: false,
        items: [
          {
            key: "partners.count",
            type: "count",
            prompt: t(
              "Number of community partners providing services",
              "Número de socios comunitarios que ofrecen servicios",
            ),
          },
          {
            key: "partners.agreements",
            type: "yesno",
            prompt: t(
              "Are there written agreements with partners?",
              "¿Hay acuerdos escritos con los socios?",
            ),
          },
          {
            key: "partners.kinds",
            type: "multi",
            prompt: t("Kinds of partners", "Tipos de socios"),
            options: [
              opt(
                "mental-health-agency",
                "Community mental health agency",
                "Agencia comunitaria de salud mental",
              ),
              opt("health-center", "Health center", "Centro de salud"),
              opt("hospital", "Hospital", "Hospital"),
              opt("university", "College or university", "Universidad"),
              opt("faith", "Faith-based organisation", "Organización religiosa"),
              opt("youth", "Youth-serving organisation", "Organización juvenil"),
            ],
          },
          {
            key: "partners.notes",
            type: "text",
            prompt: t("Notes on partnerships", "Notas sobre las alianzas"),
            hint: NO_STUDENT_INFO,
          },
        ],
      },
      {
        key: "data",
        title: t("Data systems", "Sistemas de datos"),
        scored: false,
        items: [
          {
            key: "data.systems",
            type: "multi",
            prompt: t("Where are services recorded?", "¿Dónde se registran los servicios?"),
            options: [
              opt("sis", "Student information system", "Sistema de información estudiantil"),
              opt("ehr", "Electronic health record", "Historia clínica electrónica"),
              opt("spreadsheet", "Spreadsheet", "Hoja de cálculo"),
              opt("paper", "Paper", "Papel"),
              opt("none", "Not recorded", "No se registran"),
            ],
          },
          {
            key: "data.tiers-tracked",
            type: "yesno",
            prompt: t(
              "Does the system record the tier of each service?",
              "¿El sistema registra el nivel de cada servicio?",
            ),
          },
        ],
      },
    ],
  };
}
