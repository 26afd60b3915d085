/**
 * One message Gatehouse sends (a password reset, an invitation): plain text, one recipient. Senders depend on the
 * `Mailer` shape only, so the SMTP transport and the development outbox are interchangeable.
 */
export type OutgoingMail = { to: string; subject: string; text: string };

export type Mailer = { send(mail: OutgoingMail): Promise<void> };
