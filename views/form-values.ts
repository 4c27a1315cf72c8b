import type { FormDefinition, FormValues } from './form.js';

/**
 * The values of a submitted card, as `submitForm` takes them: an Input.ChoiceSet with
 * isMultiSelect sends "a,b", an Input.Toggle "true"/"false", the rest strings. Keys that are
 * not fields of the form (hidden state, anything a client adds) are dropped.
 */
export function formValuesFrom(form: FormDefinition, data: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const raw = data[field.id];
    if (field.kind === 'checkbox') {
      values[field.id] = raw === true || raw === 'true';
    } else if (field.kind === 'multiselect') {
      const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
      values[field.id] = list.map((v) => v.trim()).filter(Boolean);
    } else {
      values[field.id] = raw === undefined || raw === null ? '' : String(raw);
    }
  }
  return values;
}
