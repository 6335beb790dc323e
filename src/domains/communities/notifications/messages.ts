import type { Catalog } from "../../../platform/i18n";

/** Notifications: the list, what each one says, email frequency, digests and unsubscribing. */
const en = {
  notificationsTitle: "Notifications",
  notificationsIntro: "Mentions, replies to topics you follow and news from communities you watch.",
  unreadCount: "{count} unread",
  markAllRead: "Mark all as read",
  noNotifications: "You have no notifications.",
  notificationSettings: "Email settings",
  notifyMention: "{actor} mentioned you in “{title}”",
  notifyReply: "{actor} replied in “{title}”",
  notifyNewTopic: "{actor} started “{title}”",
  notifyMeeting: "Meeting: {title}",
  notifyApproval: "Your post in “{title}” was approved",
  notifyModeration: "A lead changed your post in “{title}”",
  notifyRemoved: "A lead removed you from {community}. Reason: {reason}",
  notifyResearchApproved: "Your research access application “{title}” was approved until {until}",
  notifyResearchDeclined: "Your research access application “{title}” was declined. Reason: {reason}",
  settingsTitle: "Email notifications",
  frequencyLabel: "Email me about notifications",
  frequency_immediately: "Immediately, one email each",
  frequency_daily: "In a daily digest",
  frequency_weekly: "In a weekly digest",
  frequency_never: "Never (only on this site)",
  saveSettings: "Save",
  settingsSaved: "Your email setting was saved.",
  digestDailySubject: "SMH Commons: {count} new notifications today",
  digestWeeklySubject: "SMH Commons: {count} new notifications this week",
  emailSettingsLine: "Change how often we email you: {url}",
  emailUnsubscribeLine: "Stop these emails with one click: {url}",
  unsubscribeTitle: "Stop notification emails",
  unsubscribeIntro:
    "Press the button to stop all notification emails to {email}. You can still read notifications on this site.",
  unsubscribeButton: "Stop emails",
  unsubscribed:
    "Done. We will not email you about notifications any more. You can turn emails back on in your settings.",
  unsubscribeInvalid:
    "This link is not valid. Use the link from your latest email, or change your settings after signing in.",
};

const es: Catalog<typeof en>["es"] = {
  notificationsTitle: "Notificaciones",
  notificationsIntro: "Menciones, respuestas en temas que sigue y novedades de las comunidades que observa.",
  unreadCount: "{count} sin leer",
  markAllRead: "Marcar todo como leído",
  noNotifications: "No tiene notificaciones.",
  notificationSettings: "Configuración de correo",
  notifyMention: "{actor} le mencionó en «{title}»",
  notifyReply: "{actor} respondió en «{title}»",
  notifyNewTopic: "{actor} inició «{title}»",
  notifyMeeting: "Reunión: {title}",
  notifyApproval: "Se aprobó su publicación en «{title}»",
  notifyModeration: "Una persona líder cambió su publicación en «{title}»",
  notifyRemoved: "Una persona líder le quitó de {community}. Motivo: {reason}",
  notifyResearchApproved: "Se aprobó su solicitud de acceso para investigación «{title}» hasta el {until}",
  notifyResearchDeclined: "Se rechazó su solicitud de acceso para investigación «{title}». Motivo: {reason}",
  settingsTitle: "Notificaciones por correo",
  frequencyLabel: "Enviarme correos sobre notificaciones",
  frequency_immediately: "De inmediato, un correo por cada una",
  frequency_daily: "En un resumen diario",
  frequency_weekly: "En un resumen semanal",
  frequency_never: "Nunca (solo en este sitio)",
  saveSettings: "Guardar",
  settingsSaved: "Se guardó su configuración de correo.",
  digestDailySubject: "SMH Commons: {count} notificaciones nuevas hoy",
  digestWeeklySubject: "SMH Commons: {count} notificaciones nuevas esta semana",
  emailSettingsLine: "Cambie la frecuencia de nuestros correos: {url}",
  emailUnsubscribeLine: "Deje de recibir estos correos con un clic: {url}",
  unsubscribeTitle: "Dejar de recibir correos de notificaciones",
  unsubscribeIntro:
    "Pulse el botón para dejar de enviar correos de notificaciones a {email}. Podrá seguir leyendo las notificaciones en este sitio.",
  unsubscribeButton: "Dejar de recibir correos",
  unsubscribed:
    "Listo. Ya no le enviaremos correos sobre notificaciones. Puede volver a activarlos en su configuración.",
  unsubscribeInvalid:
    "Este enlace no es válido. Use el enlace de su correo más reciente o cambie su configuración después de iniciar sesión.",
};

export const notificationMessages: Catalog<typeof en> = { en, es };
