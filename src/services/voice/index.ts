/** The hosted-voice service layer (DESIGN.md, "Voice"): queries, changes and their ports. */
export { editVoiceUser, editVoiceUserInput, editVoiceUserOperation } from './edit.js';
export { changeE911Address, changeE911Input, changeE911Operation, type ChangeE911Result } from './e911.js';
export {
  setVoicePassword,
  setVoicePasswordInput,
  setVoicePasswordOperation,
  type SetVoicePasswordResult,
} from './password.js';
export { setVoicePin, setVoicePinInput, setVoicePinOperation, type SetVoicePinResult } from './pin.js';
export {
  listVoiceSites,
  listVoiceUsers,
  listVoiceUsersInput,
  showVoiceUser,
  voiceUserRefInput,
  type VoiceSiteView,
} from './query.js';
export {
  voiceGroupMemberships,
  voiceRegistrationReport,
  type GroupMemberships,
  type RegistrationReport,
} from './reports.js';
export {
  localProvisioner,
  type ProvisioningReceipt,
  type VoicePlatformUser,
  type VoiceProvisioner,
} from './provisioning.js';
export type { VoiceOptions, VoiceServiceDeps } from './options.js';
export type { E911Dto, VoiceUserServices, VoiceUserSummary, VoiceUserDto } from './voice-dto.js';
export { openVoiceUserForChange } from './open-for-change.js';
