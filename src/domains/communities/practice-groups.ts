/**
 * The 12 practice groups of the National Community of Practice. Names are the groups' own;
 * purposes are written for SMH Commons. `ledBy` records who leads the group by design.
 */
export interface PracticeGroupSeed {
  slug: string;
  nameEn: string;
  nameEs: string;
  purposeEn: string;
  purposeEs: string;
  ledBy?: "family_member" | "youth";
}

export const PRACTICE_GROUPS: PracticeGroupSeed[] = [
  {
    slug: "collaborative-culture",
    nameEn: "Building a Collaborative Culture for Student Mental Health",
    nameEs: "Construir una cultura de colaboración para la salud mental estudiantil",
    purposeEn:
      "Helps school staff, community clinicians and families work as one team, sharing what makes collaboration last.",
    purposeEs:
      "Ayuda al personal escolar, a los clínicos comunitarios y a las familias a trabajar como un solo equipo y comparte lo que hace durar la colaboración.",
  },
  {
    slug: "mental-health-and-pbs",
    nameEn: "Connecting School Mental Health and Positive Behavior Supports",
    nameEs: "Conectar la salud mental escolar con los apoyos a la conducta positiva",
    purposeEn:
      "Brings mental health and positive behaviour support work together in one tiered system for every student.",
    purposeEs:
      "Une el trabajo de salud mental y de apoyo a la conducta positiva en un solo sistema por niveles para cada estudiante.",
  },
  {
    slug: "juvenile-justice-dropout",
    nameEn: "Connecting School Mental Health with Juvenile Justice and Dropout Prevention",
    nameEs: "Conectar la salud mental escolar con la justicia juvenil y la prevención del abandono escolar",
    purposeEn:
      "Links schools, courts and community services to keep students in school and out of detention.",
    purposeEs:
      "Vincula escuelas, tribunales y servicios comunitarios para que los estudiantes sigan en la escuela y fuera de la detención.",
  },
  {
    slug: "education-systems-of-care",
    nameEn: "Education: An Essential Component of Systems of Care",
    nameEs: "La educación: un componente esencial de los sistemas de atención",
    purposeEn:
      "Makes schools full partners with child-serving agencies and families in community systems of care.",
    purposeEs:
      "Hace de las escuelas socias plenas de las agencias de servicios infantiles y de las familias en los sistemas comunitarios de atención.",
  },
  {
    slug: "families-in-partnership",
    nameEn: "Families in Partnership with Schools and Communities",
    nameEs: "Familias en alianza con escuelas y comunidades",
    purposeEn: "Led by family members: builds family voice and leadership in school and community decisions.",
    purposeEs:
      "Dirigido por familiares: fortalece la voz y el liderazgo de las familias en las decisiones de la escuela y la comunidad.",
    ledBy: "family_member",
  },
  {
    slug: "youth-with-disabilities",
    nameEn: "Improving School Mental Health for Youth with Disabilities",
    nameEs: "Mejorar la salud mental escolar para jóvenes con discapacidades",
    purposeEn:
      "Coordinates learning and mental health support for students with disabilities in the least restrictive setting.",
    purposeEs:
      "Coordina el apoyo académico y de salud mental para estudiantes con discapacidades en el entorno menos restrictivo.",
  },
  {
    slug: "learning-the-language",
    nameEn: "Learning the Language: Promoting Effective Ways for Interdisciplinary Collaboration",
    nameEs: "Aprender el idioma: formas eficaces de colaboración interdisciplinaria",
    purposeEn: "Builds a shared vocabulary so families, educators and clinicians understand each other.",
    purposeEs: "Crea un vocabulario común para que familias, educadores y clínicos se entiendan entre sí.",
  },
  {
    slug: "psychiatry-and-schools",
    nameEn: "Psychiatry and Schools",
    nameEs: "Psiquiatría y escuelas",
    purposeEn: "Connects child and adolescent psychiatrists with school teams for consultation and care.",
    purposeEs:
      "Conecta a psiquiatras de niños y adolescentes con los equipos escolares para consultas y atención.",
  },
  {
    slug: "quality-evidence-based-practice",
    nameEn: "Quality and Evidence-Based Practice",
    nameEs: "Calidad y práctica basada en la evidencia",
    purposeEn: "Spreads practices that work and the habit of measuring and improving quality.",
    purposeEs: "Difunde prácticas que funcionan y el hábito de medir y mejorar la calidad.",
  },
  {
    slug: "culturally-diverse-youth",
    nameEn: "School Mental Health for Culturally Diverse Youth",
    nameEs: "Salud mental escolar para jóvenes de diversas culturas",
    purposeEn:
      "Addresses stigma, disparities and cultural fit so every student's background is respected in care.",
    purposeEs:
      "Aborda el estigma, las desigualdades y la adaptación cultural para que se respete el origen de cada estudiante en la atención.",
  },
  {
    slug: "military-families",
    nameEn: "Mental Health for Military Families",
    nameEs: "Salud mental para familias militares",
    purposeEn: "Supports students from military families through moves, deployments and transitions.",
    purposeEs: "Apoya a estudiantes de familias militares durante mudanzas, despliegues y transiciones.",
  },
  {
    slug: "youth-leadership",
    nameEn: "Youth Involvement and Leadership",
    nameEs: "Participación y liderazgo juvenil",
    purposeEn:
      "Led by youth: puts young people's voices and leadership at the centre of school mental health.",
    purposeEs:
      "Dirigido por jóvenes: pone la voz y el liderazgo de los jóvenes en el centro de la salud mental escolar.",
    ledBy: "youth",
  },
];
