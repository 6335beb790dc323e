import type { MeasureInput } from "./fields";

/*
 * The demo catalogue: widely used free and low-cost measures, described from what their
 * publishers say about them in public. Only facts we are sure of are given; where a figure is
 * uncertain or differs between forms (items, minutes) it is left empty and the page says "check
 * with the publisher". Languages list only those we confirmed. Every row is marked demo data.
 */

const CHECK_EN = "Check the current terms and forms with the publisher before use.";
const CHECK_ES = "Confirme las condiciones y los formularios vigentes con el editor antes de usarlo.";

export const DEMO_MEASURES: MeasureInput[] = [
  {
    slug: "phq-a",
    shortName: "PHQ-A",
    name: "Patient Health Questionnaire, modified for adolescents",
    publisher: "PHQ screeners (Pfizer)",
    summaryEn:
      "A teen's own report of depression symptoms over the past two weeks, adapted from the adult PHQ-9, with a few added questions on the past year and on suicide attempts.",
    summaryEs:
      "El propio adolescente informa sus síntomas de depresión de las últimas dos semanas; es una adaptación del PHQ-9 para adultos, con algunas preguntas adicionales sobre el último año y sobre intentos de suicidio.",
    focusAreas: ["depression", "suicideRisk"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["student"],
    languages: ["en"],
    ageMin: 11,
    ageMax: 17,
    items: 9,
    cost: "free",
    obtainEn: `The PHQ screeners can be copied, translated and shared without permission or charge. ${CHECK_EN}`,
    obtainEs: `Los cuestionarios PHQ se pueden copiar, traducir y compartir sin permiso ni costo. ${CHECK_ES}`,
    evidenceEn:
      "Studies with teenagers in primary care found it picks out most of those with major depression, with some false alarms. A positive result calls for a conversation with a clinician; an answer about self-harm calls for the same day.",
    evidenceEs:
      "Estudios con adolescentes en atención primaria encontraron que detecta a la mayoría de quienes tienen depresión mayor, con algunas falsas alarmas. Un resultado positivo requiere una conversación con un profesional clínico; una respuesta sobre autolesión, ese mismo día.",
  },
  {
    slug: "gad-7",
    shortName: "GAD-7",
    name: "Generalized Anxiety Disorder 7-item scale",
    publisher: "PHQ screeners (Pfizer)",
    summaryEn: "Seven questions on how often worry and nervousness got in the way over the past two weeks.",
    summaryEs:
      "Siete preguntas sobre con qué frecuencia la preocupación y los nervios interfirieron en las últimas dos semanas.",
    focusAreas: ["anxiety"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["student"],
    languages: ["en", "es"],
    ageMin: 12,
    ageMax: 18,
    items: 7,
    cost: "free",
    obtainEn: `Free to copy and use, from the PHQ screeners' site, in many translations. ${CHECK_EN}`,
    obtainEs: `Se puede copiar y usar gratis desde el sitio de los cuestionarios PHQ, en muchas traducciones. ${CHECK_ES}`,
    evidenceEn:
      "It was built and first tested with adults; later studies with adolescents support its use. Ask the publisher and your clinical lead whether it fits the ages you serve.",
    evidenceEs:
      "Se creó y se probó primero con adultos; estudios posteriores con adolescentes respaldan su uso. Pregunte al editor y a su responsable clínico si es adecuado para las edades que atiende.",
  },
  {
    slug: "scared",
    shortName: "SCARED",
    name: "Screen for Child Anxiety Related Disorders",
    publisher: "Boris Birmaher and colleagues (University of Pittsburgh)",
    summaryEn:
      "A child and a parent version that ask about signs of panic, general worry, separation anxiety, social anxiety and avoiding school.",
    summaryEs:
      "Una versión para el niño y otra para la familia que preguntan por señales de pánico, preocupación general, ansiedad por separación, ansiedad social y evitar la escuela.",
    focusAreas: ["anxiety"],
    purposes: ["universalScreening", "diagnosticSupport"],
    reporters: ["student", "parent"],
    languages: ["en", "es"],
    ageMin: 8,
    ageMax: 18,
    items: 41,
    cost: "free",
    obtainEn: `Free to use; the forms and scoring are shared by the authors' university. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; los formularios y la puntuación los comparte la universidad de los autores. ${CHECK_ES}`,
    evidenceEn:
      "Widely studied in clinics and communities; its total and its five parts separate children with anxiety disorders from others reasonably well. It points to what to ask about next, not to a diagnosis.",
    evidenceEs:
      "Muy estudiado en clínicas y comunidades; su total y sus cinco partes distinguen razonablemente bien a los niños con trastornos de ansiedad. Orienta qué explorar después, no es un diagnóstico.",
  },
  {
    slug: "sdq",
    shortName: "SDQ",
    name: "Strengths and Difficulties Questionnaire",
    publisher: "Youthinmind (Robert Goodman)",
    summaryEn:
      "A brief questionnaire on emotional symptoms, conduct, hyperactivity and inattention, getting along with peers, and kind, helpful behaviour, with parent, teacher and self-report versions.",
    summaryEs:
      "Un cuestionario breve sobre síntomas emocionales, conducta, hiperactividad y falta de atención, relación con los compañeros y conducta amable y servicial, con versiones para la familia, el docente y el propio estudiante.",
    focusAreas: ["general", "behaviour", "attention", "socialEmotional"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["student", "parent", "teacher"],
    languages: ["en", "es"],
    ageMin: 2,
    ageMax: 17,
    items: 25,
    cost: "free",
    obtainEn: `Paper copies may be downloaded and used free for non-commercial purposes; online scoring and other uses may cost. The self-report is for ages 11 to 17. ${CHECK_EN}`,
    obtainEs: `Las copias en papel se pueden descargar y usar gratis sin fines comerciales; la puntuación en línea y otros usos pueden tener costo. El autoinforme es para 11 a 17 años. ${CHECK_ES}`,
    evidenceEn:
      "One of the most studied brief measures, used in many countries and languages. Combining parent, teacher and student reports gives a fuller picture than any one alone.",
    evidenceEs:
      "Uno de los instrumentos breves más estudiados, usado en muchos países e idiomas. Combinar los informes de la familia, el docente y el estudiante da una imagen más completa que uno solo.",
  },
  {
    slug: "psc-17",
    shortName: "PSC-17",
    name: "Pediatric Symptom Checklist, 17 items",
    publisher: "Massachusetts General Hospital (Michael Jellinek, Michael Murphy and colleagues)",
    summaryEn:
      "A short checklist a parent fills in, with three parts: internalizing (worry, sadness), attention, and externalizing (behaviour). A youth self-report version exists for older students.",
    summaryEs:
      "Una lista breve que completa la familia, con tres partes: internalizante (preocupación, tristeza), atención y externalizante (conducta). Existe una versión de autoinforme para estudiantes mayores.",
    focusAreas: ["general", "attention", "behaviour"],
    purposes: ["universalScreening"],
    reporters: ["parent"],
    languages: ["en", "es"],
    ageMin: 4,
    ageMax: 16,
    items: 17,
    cost: "free",
    obtainEn: `Free to use; the forms and scoring guide are on the checklist's own site. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; los formularios y la guía de puntuación están en el sitio de la lista. ${CHECK_ES}`,
    evidenceEn:
      "Drawn from the longer 35-item checklist and studied widely in pediatric care. It flags children who may need a closer look; it does not name a condition.",
    evidenceEs:
      "Derivada de la lista más larga de 35 ítems y muy estudiada en atención pediátrica. Señala a los niños que pueden necesitar una mirada más atenta; no nombra un trastorno.",
  },
  {
    slug: "rcads",
    shortName: "RCADS",
    name: "Revised Children's Anxiety and Depression Scale",
    publisher: "Bruce Chorpita and colleagues (University of California, Los Angeles)",
    summaryEn:
      "Youth and parent versions covering separation anxiety, social anxiety, generalized anxiety, panic, obsessions and compulsions, and low mood.",
    summaryEs:
      "Versiones para jóvenes y para la familia que cubren ansiedad por separación, ansiedad social, ansiedad generalizada, pánico, obsesiones y compulsiones, y ánimo bajo.",
    focusAreas: ["anxiety", "depression"],
    purposes: ["diagnosticSupport", "progressMonitoring"],
    reporters: ["student", "parent"],
    languages: ["en", "es"],
    ageMin: 8,
    ageMax: 18,
    items: 47,
    cost: "free",
    obtainEn: `Free to use; forms and scoring aids are shared by the authors. A 25-item short form exists. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; los autores comparten los formularios y las ayudas de puntuación. Existe una forma breve de 25 ítems. ${CHECK_ES}`,
    evidenceEn:
      "Studied in school and clinic samples in several countries; its parts match the common anxiety and depressive disorders, which helps a clinician decide what to look at more closely.",
    evidenceEs:
      "Estudiado en muestras escolares y clínicas de varios países; sus partes corresponden a los trastornos de ansiedad y depresión más comunes, lo que ayuda a decidir qué evaluar con más detalle.",
  },
  {
    slug: "rcads-25",
    shortName: "RCADS-25",
    name: "Revised Children's Anxiety and Depression Scale, short version",
    publisher: "Bruce Chorpita and colleagues (University of California, Los Angeles)",
    summaryEn: "The short form of the RCADS: one overall anxiety score and one depression score.",
    summaryEs: "La forma breve del RCADS: una puntuación general de ansiedad y una de depresión.",
    focusAreas: ["anxiety", "depression"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["student", "parent"],
    languages: ["en"],
    ageMin: 8,
    ageMax: 18,
    items: 25,
    cost: "free",
    obtainEn: `Free to use, shared with the full RCADS. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; se comparte junto con el RCADS completo. ${CHECK_ES}`,
    evidenceEn:
      "Built from the full scale's items for quicker screening; its two scores track the full scale's closely in published studies.",
    evidenceEs:
      "Se construyó con ítems de la escala completa para una detección más rápida; en los estudios publicados sus dos puntuaciones siguen de cerca a las de la escala completa.",
  },
  {
    slug: "cats",
    shortName: "CATS",
    name: "Child and Adolescent Trauma Screen",
    publisher: "Lucy Berliner, Cedric Sachser and colleagues",
    summaryEn:
      "A checklist of frightening or upsetting events a child may have lived through, then questions on post-traumatic stress symptoms and on how they get in the way of daily life. A caregiver version covers young children.",
    summaryEs:
      "Una lista de sucesos atemorizantes o perturbadores que el niño pudo haber vivido, seguida de preguntas sobre síntomas de estrés postraumático y cómo afectan la vida diaria. Una versión para cuidadores cubre a los niños pequeños.",
    focusAreas: ["trauma"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["student", "parent"],
    languages: ["en"],
    ageMin: 3,
    ageMax: 17,
    cost: "free",
    obtainEn: `Free to use; the forms are shared by the authors. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; los autores comparten los formularios. ${CHECK_ES}`,
    evidenceEn:
      "Written to match the current diagnostic description of post-traumatic stress; published studies support its scores for children and teens. Screening for trauma needs a plan for what happens when a student discloses.",
    evidenceEs:
      "Se redactó según la descripción diagnóstica actual del estrés postraumático; los estudios publicados respaldan sus puntuaciones en niños y adolescentes. Detectar trauma requiere un plan para cuando un estudiante revela algo.",
  },
  {
    slug: "basc-3-bess",
    shortName: "BASC-3 BESS",
    name: "BASC-3 Behavioral and Emotional Screening System",
    publisher: "Pearson",
    summaryEn:
      "Brief teacher, parent and student forms that screen a whole school for behavioural and emotional strengths and risks, from preschool to grade 12.",
    summaryEs:
      "Formularios breves para docentes, familias y estudiantes que evalúan a toda una escuela en fortalezas y riesgos conductuales y emocionales, desde preescolar hasta el grado 12.",
    focusAreas: ["general", "behaviour", "socialEmotional"],
    purposes: ["universalScreening"],
    reporters: ["student", "parent", "teacher"],
    languages: ["en", "es"],
    ageMin: 3,
    ageMax: 18,
    cost: "paid",
    obtainEn: `Sold by the publisher, on paper or online; the number of items differs by form. ${CHECK_EN}`,
    obtainEs: `Lo vende el editor, en papel o en línea; la cantidad de ítems varía según el formulario. ${CHECK_ES}`,
    evidenceEn:
      "Normed on large national samples; scores fall in risk bands that help a school decide who to look at more closely.",
    evidenceEs:
      "Tiene normas basadas en amplias muestras nacionales; las puntuaciones se ubican en niveles de riesgo que ayudan a la escuela a decidir a quién observar más de cerca.",
  },
  {
    slug: "dessa-mini",
    shortName: "DESSA-mini",
    name: "Devereux Student Strengths Assessment, mini",
    publisher: "Aperture Education",
    summaryEn:
      "An eight-item teacher rating of a student's social-emotional skills, with four equivalent forms so it can be repeated during the year.",
    summaryEs:
      "Una valoración de ocho ítems que hace el docente sobre las habilidades socioemocionales del estudiante, con cuatro formas equivalentes para repetirla durante el año.",
    focusAreas: ["socialEmotional"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["teacher"],
    languages: ["en"],
    ageMin: 5,
    ageMax: 14,
    items: 8,
    minutes: 1,
    cost: "paid",
    obtainEn: `Part of the publisher's paid system, for kindergarten to grade 8. ${CHECK_EN}`,
    obtainEs: `Forma parte del sistema de pago del editor, de kínder al grado 8. ${CHECK_ES}`,
    evidenceEn:
      "A strengths-based screener drawn from the full 72-item DESSA; its scores agree well with the full scale's. It describes skills to build, not problems.",
    evidenceEs:
      "Un instrumento basado en fortalezas derivado del DESSA completo de 72 ítems; sus puntuaciones coinciden bien con las de la escala completa. Describe habilidades para desarrollar, no problemas.",
  },
  {
    slug: "srss-ie",
    shortName: "SRSS-IE",
    name: "Student Risk Screening Scale, internalizing and externalizing",
    publisher: "Kathleen Lane and colleagues (Ci3T)",
    summaryEn:
      "Teachers rate every student in a class on a short list of behaviours, some outward (such as fighting) and some inward (such as seeming sad or withdrawn).",
    summaryEs:
      "Los docentes valoran a cada estudiante de la clase en una breve lista de conductas, algunas externas (como pelear) y otras internas (como parecer triste o retraído).",
    focusAreas: ["behaviour", "general"],
    purposes: ["universalScreening"],
    reporters: ["teacher"],
    languages: ["en"],
    ageMin: 5,
    ageMax: 18,
    cost: "free",
    obtainEn: `Free to use, from the Ci3T model's resources; the item count differs between the elementary and secondary versions. ${CHECK_EN}`,
    obtainEs: `De uso gratuito, entre los recursos del modelo Ci3T; la cantidad de ítems difiere entre la versión de primaria y la de secundaria. ${CHECK_ES}`,
    evidenceEn:
      "Studied in many schools, mostly within tiered systems of support; teachers rate a whole class at once, which keeps the time per student small.",
    evidenceEs:
      "Estudiado en muchas escuelas, sobre todo dentro de sistemas de apoyo escalonados; el docente valora toda la clase a la vez, por lo que el tiempo por estudiante es poco.",
  },
  {
    slug: "crafft",
    shortName: "CRAFFT 2.1",
    name: "CRAFFT screening questions, version 2.1",
    publisher: "Center for Adolescent Behavioral Health Research, Boston Children's Hospital",
    summaryEn:
      "Opening questions on alcohol, cannabis and other drug use in the past year, then six questions named by the letters C-R-A-F-F-T for those who use.",
    summaryEs:
      "Preguntas iniciales sobre consumo de alcohol, cannabis y otras drogas en el último año, y luego seis preguntas, nombradas por las letras C-R-A-F-F-T, para quienes consumen.",
    focusAreas: ["substanceUse"],
    purposes: ["universalScreening"],
    reporters: ["student"],
    languages: ["en", "es"],
    ageMin: 12,
    ageMax: 21,
    cost: "free",
    obtainEn: `Free to use, from the center's site, which also asks users to register. ${CHECK_EN}`,
    obtainEs: `De uso gratuito desde el sitio del centro, que también pide registrarse. ${CHECK_ES}`,
    evidenceEn:
      "Among the most used substance use screeners for teenagers, recommended in pediatric care; studies support it as self-report and as an interview.",
    evidenceEs:
      "Uno de los instrumentos de detección de consumo de sustancias más usados con adolescentes, recomendado en atención pediátrica; los estudios lo respaldan como autoinforme y como entrevista.",
  },
  {
    slug: "asq",
    shortName: "ASQ",
    name: "Ask Suicide-Screening Questions",
    publisher: "National Institute of Mental Health (NIMH)",
    summaryEn:
      "Four yes-or-no questions a trained adult asks a young person about thoughts of suicide; any yes leads to a fifth question about right now and to a follow-up assessment.",
    summaryEs:
      "Cuatro preguntas de sí o no que un adulto capacitado le hace al joven sobre pensamientos de suicidio; cualquier sí lleva a una quinta pregunta sobre el momento actual y a una evaluación de seguimiento.",
    focusAreas: ["suicideRisk"],
    purposes: ["universalScreening"],
    reporters: ["student"],
    languages: ["en", "es"],
    ageMin: 10,
    ageMax: 24,
    items: 4,
    minutes: 1,
    cost: "free",
    obtainEn: `Free from NIMH, with a toolkit and a follow-up pathway. ${CHECK_EN}`,
    obtainEs: `Gratis a través del NIMH, con un conjunto de herramientas y un camino de seguimiento. ${CHECK_ES}`,
    evidenceEn:
      "Validated with young people in medical settings (emergency, inpatient and outpatient care). Schools using it need a trained person and a clear plan for the same-day follow-up of any positive screen.",
    evidenceEs:
      "Validado con jóvenes en entornos médicos (urgencias, hospitalización y consulta externa). Las escuelas que lo usan necesitan una persona capacitada y un plan claro para el seguimiento el mismo día de cualquier resultado positivo.",
  },
  {
    slug: "c-ssrs-screener",
    shortName: "C-SSRS Screener",
    name: "Columbia-Suicide Severity Rating Scale, screen version",
    publisher: "The Columbia Lighthouse Project",
    summaryEn:
      "A short set of plain questions, asked by a trained adult, about wishes to be dead, suicidal thoughts and behaviour; the answers point to the response needed.",
    summaryEs:
      "Un breve conjunto de preguntas sencillas, que hace un adulto capacitado, sobre deseos de morir, pensamientos y conductas suicidas; las respuestas indican la respuesta necesaria.",
    focusAreas: ["suicideRisk"],
    purposes: ["universalScreening"],
    reporters: ["student"],
    languages: ["en", "es"],
    ageMin: 12,
    ageMax: 18,
    items: 6,
    cost: "free",
    obtainEn: `Free for schools and many other settings, with free training; versions exist for younger children. ${CHECK_EN}`,
    obtainEs: `Gratuito para escuelas y muchos otros entornos, con capacitación gratuita; hay versiones para niños más pequeños. ${CHECK_ES}`,
    evidenceEn:
      "Used widely in health care, schools and the military, in many languages. It guides the next step; it does not replace a full risk assessment by a clinician.",
    evidenceEs:
      "Muy usado en salud, escuelas y fuerzas armadas, en muchos idiomas. Orienta el paso siguiente; no reemplaza una evaluación completa del riesgo por un profesional clínico.",
  },
  {
    slug: "smfq",
    shortName: "SMFQ",
    name: "Short Mood and Feelings Questionnaire",
    publisher: "Adrian Angold and Elizabeth Costello (Duke University)",
    summaryEn: "Thirteen statements about low mood over the past two weeks, in a child and a parent version.",
    summaryEs:
      "Trece afirmaciones sobre el ánimo bajo en las últimas dos semanas, en una versión para el niño y otra para la familia.",
    focusAreas: ["depression"],
    purposes: ["universalScreening"],
    reporters: ["student", "parent"],
    languages: ["en"],
    ageMin: 6,
    ageMax: 17,
    items: 13,
    cost: "free",
    obtainEn: `Free to use; the authors' center shares the forms. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; el centro de los autores comparte los formularios. ${CHECK_ES}`,
    evidenceEn:
      "The short form of the Mood and Feelings Questionnaire, studied in community and clinic samples; a quick first look at low mood.",
    evidenceEs:
      "La forma breve del Cuestionario de Estado de Ánimo y Sentimientos, estudiada en muestras comunitarias y clínicas; una primera mirada rápida al ánimo bajo.",
  },
  {
    slug: "who-5",
    shortName: "WHO-5",
    name: "WHO-5 Well-Being Index",
    publisher: "World Health Organization",
    summaryEn:
      "Five positively worded statements about feeling cheerful, calm, active, rested and interested over the past two weeks.",
    summaryEs:
      "Cinco afirmaciones en positivo sobre sentirse alegre, tranquilo, activo, descansado e interesado en las últimas dos semanas.",
    focusAreas: ["wellbeing"],
    purposes: ["universalScreening", "progressMonitoring"],
    reporters: ["student"],
    languages: ["en", "es"],
    ageMin: 9,
    ageMax: 18,
    items: 5,
    cost: "free",
    obtainEn: `Free to use, in many translations. ${CHECK_EN}`,
    obtainEs: `De uso gratuito, en muchas traducciones. ${CHECK_ES}`,
    evidenceEn:
      "One of the most widely used well-being questionnaires; low scores have been used to flag possible depression for a closer look. Ask the publisher about its use with younger children.",
    evidenceEs:
      "Uno de los cuestionarios de bienestar más usados; las puntuaciones bajas se han usado para señalar posible depresión y observar más de cerca. Pregunte al editor por su uso con niños más pequeños.",
  },
  {
    slug: "scas",
    shortName: "SCAS",
    name: "Spence Children's Anxiety Scale",
    publisher: "Susan Spence",
    summaryEn:
      "A child and a parent version on separation anxiety, social fears, obsessions and compulsions, panic, physical injury fears and general worry.",
    summaryEs:
      "Una versión para el niño y otra para la familia sobre ansiedad por separación, miedos sociales, obsesiones y compulsiones, pánico, miedo a lesiones físicas y preocupación general.",
    focusAreas: ["anxiety"],
    purposes: ["universalScreening", "diagnosticSupport"],
    reporters: ["student", "parent"],
    languages: ["en", "es"],
    ageMin: 8,
    ageMax: 15,
    items: 44,
    cost: "free",
    obtainEn: `Free to use, from the scale's own site, with many translations and a preschool version. ${CHECK_EN}`,
    obtainEs: `De uso gratuito desde el sitio de la escala, con muchas traducciones y una versión para preescolar. ${CHECK_ES}`,
    evidenceEn:
      "Studied in many countries; its parts follow the common anxiety disorders. The child form includes a few positive items that are not scored.",
    evidenceEs:
      "Estudiada en muchos países; sus partes siguen a los trastornos de ansiedad comunes. La forma para niños incluye algunas afirmaciones positivas que no se puntúan.",
  },
  {
    slug: "ces-dc",
    shortName: "CES-DC",
    name: "Center for Epidemiological Studies Depression Scale for Children",
    publisher: "Myrna Weissman and colleagues (public domain)",
    summaryEn: "Twenty statements about depressive feelings and behaviour over the past week.",
    summaryEs: "Veinte afirmaciones sobre sentimientos y conductas depresivas de la última semana.",
    focusAreas: ["depression"],
    purposes: ["universalScreening"],
    reporters: ["student"],
    languages: ["en"],
    ageMin: 6,
    ageMax: 17,
    items: 20,
    cost: "free",
    obtainEn: `In the public domain; copies are widely available. ${CHECK_EN}`,
    obtainEs: `Es de dominio público; hay copias ampliamente disponibles. ${CHECK_ES}`,
    evidenceEn:
      "An older measure with mixed findings on how well it separates children with depression from others; newer scales may serve better, but it is free and familiar.",
    evidenceEs:
      "Un instrumento más antiguo con resultados dispares sobre qué tan bien distingue a los niños con depresión; escalas más nuevas pueden servir mejor, pero es gratuito y conocido.",
  },
  {
    slug: "vanderbilt",
    shortName: "Vanderbilt",
    name: "NICHQ Vanderbilt Assessment Scales",
    publisher: "National Institute for Children's Health Quality (NICHQ)",
    summaryEn:
      "Parent and teacher rating scales on attention, hyperactivity and related concerns, with follow-up versions to track treatment.",
    summaryEs:
      "Escalas de valoración para la familia y el docente sobre atención, hiperactividad y dificultades relacionadas, con versiones de seguimiento para acompañar el tratamiento.",
    focusAreas: ["attention", "behaviour"],
    purposes: ["diagnosticSupport", "progressMonitoring"],
    reporters: ["parent", "teacher"],
    languages: ["en"],
    ageMin: 6,
    ageMax: 12,
    cost: "free",
    obtainEn: `Free to use; the parent and teacher forms have different numbers of items. ${CHECK_EN}`,
    obtainEs: `De uso gratuito; los formularios para la familia y el docente tienen distinta cantidad de ítems. ${CHECK_ES}`,
    evidenceEn:
      "Widely used in pediatric care as part of an assessment for ADHD; ratings from home and school together support a clinician's judgement, not replace it.",
    evidenceEs:
      "Muy usadas en atención pediátrica como parte de la evaluación del TDAH; las valoraciones del hogar y la escuela juntas apoyan el juicio del profesional clínico, no lo reemplazan.",
  },
  {
    slug: "bpm",
    shortName: "BPM",
    name: "Brief Problem Monitor",
    publisher: "ASEBA (Achenbach System of Empirically Based Assessment)",
    summaryEn:
      "Short parent, teacher and youth forms on internalizing, attention and externalizing problems, made to be repeated to see change.",
    summaryEs:
      "Formularios breves para la familia, el docente y el joven sobre problemas internalizantes, de atención y externalizantes, pensados para repetirse y ver el cambio.",
    focusAreas: ["general", "attention", "behaviour"],
    purposes: ["progressMonitoring"],
    reporters: ["student", "parent", "teacher"],
    languages: ["en"],
    ageMin: 6,
    ageMax: 18,
    items: 19,
    cost: "paid",
    obtainEn: `Sold by ASEBA; the youth form is for ages 11 to 18. ${CHECK_EN}`,
    obtainEs: `Lo vende ASEBA; el formulario para jóvenes es para 11 a 18 años. ${CHECK_ES}`,
    evidenceEn:
      "Its items come from the longer ASEBA forms, which have large norm samples; it is built to show change during support rather than to screen.",
    evidenceEs:
      "Sus ítems provienen de los formularios ASEBA más largos, con amplias muestras normativas; está hecho para mostrar el cambio durante el apoyo más que para detectar.",
  },
  {
    slug: "epoch",
    shortName: "EPOCH",
    name: "EPOCH Measure of Adolescent Well-Being",
    publisher: "Margaret Kern and colleagues",
    summaryEn:
      "Twenty statements on five sides of well-being: engagement, perseverance, optimism, connectedness and happiness.",
    summaryEs:
      "Veinte afirmaciones sobre cinco aspectos del bienestar: compromiso, perseverancia, optimismo, conexión y felicidad.",
    focusAreas: ["wellbeing", "socialEmotional"],
    purposes: ["universalScreening"],
    reporters: ["student"],
    languages: ["en"],
    ageMin: 10,
    ageMax: 18,
    items: 20,
    cost: "free",
    obtainEn: `Free for non-commercial use; the authors share the form and scoring. ${CHECK_EN}`,
    obtainEs: `Gratuito para uso no comercial; los autores comparten el formulario y la puntuación. ${CHECK_ES}`,
    evidenceEn:
      "Developed and tested with several thousand adolescents; it describes strengths across a school rather than finding individual students at risk.",
    evidenceEs:
      "Desarrollado y probado con varios miles de adolescentes; describe fortalezas en toda la escuela más que encontrar a estudiantes en riesgo.",
  },
  {
    slug: "cdi-2",
    shortName: "CDI 2",
    name: "Children's Depression Inventory, second edition",
    publisher: "Multi-Health Systems (MHS); author Maria Kovacs",
    summaryEn:
      "A self-report of depressive symptoms, with a full and a short form and parent and teacher versions.",
    summaryEs:
      "Un autoinforme de síntomas depresivos, con una forma completa y una breve, y versiones para la familia y el docente.",
    focusAreas: ["depression"],
    purposes: ["diagnosticSupport", "progressMonitoring"],
    reporters: ["student", "parent", "teacher"],
    languages: ["en"],
    ageMin: 7,
    ageMax: 17,
    items: 28,
    cost: "paid",
    obtainEn: `Sold by the publisher; the short self-report form has 12 items. ${CHECK_EN}`,
    obtainEs: `Lo vende el editor; la forma breve de autoinforme tiene 12 ítems. ${CHECK_ES}`,
    evidenceEn:
      "One of the longest-standing depression measures for children, with national norms; it supports, but does not make, a diagnosis.",
    evidenceEs:
      "Uno de los instrumentos de depresión infantil con más trayectoria, con normas nacionales; apoya el diagnóstico, pero no lo establece.",
  },
];
