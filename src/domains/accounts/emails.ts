import type { EmailMessage } from "../../platform/email";
import { isLocale, type Locale } from "../../platform/i18n";

/** The account emails, written in the language of the account (the one the person reads the site in). */
type Mail = Omit<EmailMessage, "to">;

const lang = (locale: string): Locale => (isLocale(locale) ? locale : "en");

export function verifyEmailMail(locale: string, name: string, link: string): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "Confirme su correo electrónico para SMH Commons",
      text: `Hola, ${name}:\n\nGracias por crear una cuenta en SMH Commons. Para confirmar su correo electrónico, abra este enlace:\n\n${link}\n\nEl enlace funciona durante 48 horas y se puede usar una sola vez. Si usted no creó esta cuenta, ignore este mensaje.\n\nSMH Commons`,
    };
  }
  return {
    subject: "Confirm your email address for SMH Commons",
    text: `Hello ${name},\n\nThank you for creating an SMH Commons account. To confirm your email address, open this link:\n\n${link}\n\nThe link works for 48 hours and can be used once. If you did not create this account, ignore this message.\n\nSMH Commons`,
  };
}

export function registrationAttemptMail(
  locale: string,
  name: string,
  signInLink: string,
  resetLink: string,
): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "Alguien intentó registrarse con su correo electrónico",
      text: `Hola, ${name}:\n\nAlguien intentó crear una cuenta de SMH Commons con este correo electrónico, pero ya tiene una cuenta. No se cambió nada.\n\nSi fue usted, inicie sesión aquí:\n${signInLink}\n\nSi olvidó su contraseña, puede restablecerla aquí:\n${resetLink}\n\nSi no fue usted, puede ignorar este mensaje.\n\nSMH Commons`,
    };
  }
  return {
    subject: "Someone tried to register with your email address",
    text: `Hello ${name},\n\nSomeone tried to create an SMH Commons account with this email address, but you already have one. Nothing was changed.\n\nIf it was you, sign in here:\n${signInLink}\n\nIf you forgot your password, you can reset it here:\n${resetLink}\n\nIf it was not you, you can ignore this message.\n\nSMH Commons`,
  };
}

export function resetPasswordMail(locale: string, name: string, link: string): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "Restablezca su contraseña de SMH Commons",
      text: `Hola, ${name}:\n\nAlguien pidió restablecer la contraseña de su cuenta de SMH Commons. Para elegir una contraseña nueva, abra este enlace:\n\n${link}\n\nEl enlace funciona durante una hora y se puede usar una sola vez. Si usted no lo pidió, ignore este mensaje: su contraseña no cambia.\n\nSMH Commons`,
    };
  }
  return {
    subject: "Reset your SMH Commons password",
    text: `Hello ${name},\n\nSomeone asked to reset the password of your SMH Commons account. To choose a new password, open this link:\n\n${link}\n\nThe link works for one hour and can be used once. If you did not ask for this, ignore this message: your password stays the same.\n\nSMH Commons`,
  };
}

/** To the NEW address: the link that makes the change happen. */
export function changeEmailConfirmMail(locale: string, name: string, link: string): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "Confirme su nuevo correo electrónico para SMH Commons",
      text: `Hola, ${name}:\n\nPidió usar este correo electrónico para su cuenta de SMH Commons. Para confirmar el cambio, abra este enlace y pulse el botón de confirmar:\n\n${link}\n\nEl enlace funciona durante 24 horas y se puede usar una sola vez. Hasta entonces, su cuenta sigue usando el correo anterior. Si usted no lo pidió, ignore este mensaje: no cambia nada.\n\nSMH Commons`,
    };
  }
  return {
    subject: "Confirm your new email address for SMH Commons",
    text: `Hello ${name},\n\nYou asked to use this email address for your SMH Commons account. To confirm the change, open this link and press the confirm button:\n\n${link}\n\nThe link works for 24 hours and can be used once. Until then, your account keeps its current address. If you did not ask for this, ignore this message: nothing changes.\n\nSMH Commons`,
  };
}

/** To the CURRENT address: a change was asked for; what to do if it was not them. */
export function changeEmailNoticeMail(
  locale: string,
  name: string,
  newEmail: string,
  resetLink: string,
): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "Alguien pidió cambiar el correo electrónico de su cuenta de SMH Commons",
      text: `Hola, ${name}:\n\nAlguien que conocía su contraseña pidió cambiar el correo electrónico de su cuenta de SMH Commons a ${newEmail}. El cambio solo ocurre si se confirma desde esa dirección.\n\nSi fue usted, no tiene que hacer nada más.\n\nSi no fue usted, restablezca su contraseña ahora:\n${resetLink}\n\nSMH Commons`,
    };
  }
  return {
    subject: "Someone asked to change the email address of your SMH Commons account",
    text: `Hello ${name},\n\nSomeone who knew your password asked to change the email address of your SMH Commons account to ${newEmail}. The change only happens if it is confirmed from that address.\n\nIf it was you, there is nothing else to do.\n\nIf it was not you, reset your password now:\n${resetLink}\n\nSMH Commons`,
  };
}

/** To the owner of an address someone tried to move another account to. Nothing changes. */
export function changeEmailAttemptMail(
  locale: string,
  name: string,
  signInLink: string,
  resetLink: string,
): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "Alguien intentó usar su correo electrónico en otra cuenta",
      text: `Hola, ${name}:\n\nAlguien intentó cambiar el correo electrónico de otra cuenta de SMH Commons a esta dirección, pero esta dirección ya es la de su cuenta. No se cambió nada.\n\nSi fue usted, inicie sesión con esta dirección aquí:\n${signInLink}\n\nSi olvidó su contraseña, puede restablecerla aquí:\n${resetLink}\n\nSi no fue usted, puede ignorar este mensaje.\n\nSMH Commons`,
    };
  }
  return {
    subject: "Someone tried to use your email address for another account",
    text: `Hello ${name},\n\nSomeone tried to change the email address of another SMH Commons account to this address, but it already belongs to your account. Nothing was changed.\n\nIf it was you, sign in with this address here:\n${signInLink}\n\nIf you forgot your password, you can reset it here:\n${resetLink}\n\nIf it was not you, you can ignore this message.\n\nSMH Commons`,
  };
}

/** To the PREVIOUS address once a change is confirmed: it is done, and what to do if it was not them. */
export function changeEmailDoneMail(locale: string, name: string, newEmail: string): Mail {
  if (lang(locale) === "es") {
    return {
      subject: "El correo electrónico de su cuenta de SMH Commons cambió",
      text: `Hola, ${name}:\n\nEl correo electrónico de su cuenta de SMH Commons ahora es ${newEmail}. Esta dirección ya no recibe los mensajes de la cuenta ni sirve para iniciar sesión, y se cerró la sesión en los demás dispositivos.\n\nSi fue usted, no tiene que hacer nada más.\n\nSi no fue usted, alguien que conocía su contraseña hizo el cambio: avise cuanto antes a un administrador de SMH Commons para que desactive la cuenta y se la devuelva.\n\nSMH Commons`,
    };
  }
  return {
    subject: "The email address of your SMH Commons account was changed",
    text: `Hello ${name},\n\nYour SMH Commons account now uses ${newEmail}. This address no longer gets the account's messages and can no longer be used to sign in, and your other devices were signed out.\n\nIf it was you, there is nothing else to do.\n\nIf it was not you, someone who knew your password made the change: tell an SMH Commons administrator at once, so they can disable the account and give it back to you.\n\nSMH Commons`,
  };
}
