import { z } from 'astro/zod';
import { email, field, httpUrl, text } from './fields.ts';

export const serviceSchema = z.strictObject({
  name: field(text(2, 150), 'Nom du service'),
  direction: field(text(2, 150).optional(), 'Direction de rattachement'),
  description: field(text(10, 1000), 'Missions du service'),
  email: field(email, 'Adresse de contact', 'Une adresse fonctionnelle du service, jamais celle d’une personne.'),
  phone: field(text(6, 30).optional(), 'Téléphone'),
  url: field(httpUrl.optional(), 'Page du service'),
});

export type ServiceData = z.output<typeof serviceSchema>;
