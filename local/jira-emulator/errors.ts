// Errors in the shape each API family answers with: the platform's ErrorCollection
// {errorMessages, errors}, JSM's ErrorResponse {errorMessage, i18nErrorMessage} and SCIM's
// urn:ietf:params:scim:api:messages:2.0:Error.

export type ApiFamily = 'platform' | 'jsm' | 'scim' | 'control';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Per-field messages (platform `errors`). */
    readonly fieldErrors?: Record<string, string>,
    readonly extra: {
      scimType?: string;
      i18nKey?: string;
      headers?: Record<string, string>;
      /** Platform: every message, where Jira lists several (one per refused actor). */
      messages?: string[];
    } = {},
  ) {
    super(message);
  }
}

export const badRequest = (msg: string, fields?: Record<string, string>) =>
  new ApiError(400, msg, fields);
export const notFound = (msg: string) => new ApiError(404, msg);
export const forbidden = (msg: string) => new ApiError(403, msg);

export function familyOf(path: string): ApiFamily {
  if (path.startsWith('/rest/servicedeskapi/')) return 'jsm';
  if (path.startsWith('/scim/')) return 'scim';
  if (path.startsWith('/__emulator/')) return 'control';
  return 'platform';
}

const I18N: Record<number, string> = {
  400: 'sd.request.validation.error',
  401: 'sd.security.error.unauthorised',
  403: 'sd.security.error.forbidden',
  404: 'sd.error.not.found',
  412: 'sd.experimental.api.not.enabled',
  413: 'sd.request.too.large',
  429: 'sd.rate.limited',
};

export function errorBody(
  family: ApiFamily,
  status: number,
  message: string,
  fields?: Record<string, string>,
  extra: ApiError['extra'] = {},
): unknown {
  switch (family) {
    case 'jsm':
      return {
        errorMessage: message,
        i18nErrorMessage: { i18nKey: extra.i18nKey ?? I18N[status] ?? 'sd.error', parameters: [] },
      };
    case 'scim':
      return {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        detail: message,
        ...(extra.scimType ? { scimType: extra.scimType } : {}),
      };
    case 'control':
      return { error: message };
    default:
      return { errorMessages: extra.messages ?? (message ? [message] : []), errors: fields ?? {} };
  }
}
