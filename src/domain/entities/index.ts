import { AccessReviewItemSchema } from './access-review-item.js';
import { AccessReviewSchema } from './access-review.js';
import { AccountSchema } from './account.js';
import { ApprovalChannelSchema } from './approval-channel.js';
import { ApprovalRequestSchema } from './approval-request.js';
import { AuditEventSchema } from './audit-event.js';
import { ChatIdentitySchema } from './chat-identity.js';
import { DeliveryClaimSchema } from './delivery-claim.js';
import { DownloadSchema } from './download.js';
import { GrantSchema } from './grant.js';
import { ImportBatchSchema } from './import-batch.js';
import { ImportRowSchema } from './import-row.js';
import { InvitationSchema } from './invitation.js';
import { LinkTokenSchema } from './link-token.js';
import { OutboxMessageSchema } from './outbox-message.js';
import { PasswordLinkSchema } from './password-link.js';
import { PortalUserSchema } from './portal-user.js';
import { SiteSchema } from './site.js';
import { VoiceCredentialSchema } from './voice-credential.js';
import { VoiceE911AddressSchema } from './voice-e911-address.js';
import { VoiceGroupMemberSchema, VoiceGroupSchema } from './voice-group.js';
import { VoiceProfileSchema } from './voice-profile.js';
import { VoiceRegistrationSchema } from './voice-registration.js';
import { VoiceSiteSchema } from './voice-site.js';

export * from './access-review-item.js';
export * from './access-review.js';
export * from './account.js';
export * from './approval-channel.js';
export * from './approval-request.js';
export * from './audit-event.js';
export * from './chat-identity.js';
export * from './download.js';
export * from './grant.js';
export * from './import-batch.js';
export * from './import-row.js';
export * from './invitation.js';
export * from './link-token.js';
export * from './outbox-message.js';
export * from './password-link.js';
export * from './portal-user.js';
export * from './site.js';
export * from './voice-credential.js';
export * from './voice-e911-address.js';
export * from './voice-group.js';
export * from './voice-profile.js';
export * from './voice-registration.js';
export * from './voice-site.js';

/** Every entity the ORM maps; new entities are added here. */
export const entities = [
  AccountSchema,
  SiteSchema,
  PortalUserSchema,
  InvitationSchema,
  PasswordLinkSchema,
  LinkTokenSchema,
  ChatIdentitySchema,
  AuditEventSchema,
  OutboxMessageSchema,
  VoiceSiteSchema,
  VoiceProfileSchema,
  VoiceCredentialSchema,
  VoiceE911AddressSchema,
  VoiceRegistrationSchema,
  VoiceGroupSchema,
  VoiceGroupMemberSchema,
  ApprovalRequestSchema,
  ApprovalChannelSchema,
  DeliveryClaimSchema,
  GrantSchema,
  DownloadSchema,
  AccessReviewSchema,
  AccessReviewItemSchema,
  ImportBatchSchema,
  ImportRowSchema,
];
