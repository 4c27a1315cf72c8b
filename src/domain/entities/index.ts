import { AccountSchema } from './account.js';
import { AuditEventSchema } from './audit-event.js';
import { ChatIdentitySchema } from './chat-identity.js';
import { InvitationSchema } from './invitation.js';
import { OutboxMessageSchema } from './outbox-message.js';
import { PasswordLinkSchema } from './password-link.js';
import { PortalUserSchema } from './portal-user.js';
import { SiteSchema } from './site.js';

export * from './account.js';
export * from './audit-event.js';
export * from './chat-identity.js';
export * from './invitation.js';
export * from './outbox-message.js';
export * from './password-link.js';
export * from './portal-user.js';
export * from './site.js';

/** Every entity the ORM maps; new entities are added here. */
export const entities = [
  AccountSchema,
  SiteSchema,
  PortalUserSchema,
  InvitationSchema,
  PasswordLinkSchema,
  ChatIdentitySchema,
  AuditEventSchema,
  OutboxMessageSchema,
];
