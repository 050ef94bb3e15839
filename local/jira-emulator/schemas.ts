// Request bodies, as zod schemas that follow the specs' request schemas (CreateProjectDetails,
// ActorsMap, AddGroupBean, ...). Parsing answers 400 with what is wrong, field by field.
import { z } from 'zod';

import { badRequest } from './errors';

const strings = z.array(z.string());

export const CreateProjectBody = z.object({
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.enum(['software', 'service_desk', 'business']).optional(),
  projectTemplateKey: z.string().optional(),
  description: z.string().optional(),
  leadAccountId: z.string().optional(),
  categoryId: z.union([z.number().int(), z.string().regex(/^\d+$/)]).optional(),
  assigneeType: z.enum(['PROJECT_LEAD', 'UNASSIGNED']).optional(),
});

/** UpdateProjectDetails: the details the emulator changes; schemes are refused, not ignored. */
export const UpdateProjectBody = z.object({
  key: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  leadAccountId: z.string().optional(),
  categoryId: z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).optional(),
  assigneeType: z.enum(['PROJECT_LEAD', 'UNASSIGNED']).optional(),
  avatarId: z.number().int().optional(),
  url: z.string().optional(),
  permissionScheme: z
    .never({ error: 'the emulator does not change schemes through this call' })
    .optional(),
  notificationScheme: z
    .never({ error: 'the emulator does not change schemes through this call' })
    .optional(),
  issueSecurityScheme: z
    .never({ error: 'the emulator does not change schemes through this call' })
    .optional(),
});

/** ActorsMap (project role) and ActorInputBean (default actors) have the same fields. */
export const ActorsBody = z.object({
  user: strings.optional(),
  group: strings.optional(),
  groupId: strings.optional(),
});

export const AddGroupBody = z.object({ name: z.string().optional() });
export const UserToGroupBody = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
});

export const PermissionsCheckBody = z.object({
  accountId: z.string().optional(),
  globalPermissions: z.array(z.string().nullable()).optional(),
  projectPermissions: z
    .array(
      z.object({
        permissions: z.array(z.string().nullable()),
        projects: z.array(z.number().int().nullable()).optional(),
        issues: z.array(z.number().int().nullable()).optional(),
      }),
    )
    .optional(),
});

export const AccountIdsBody = z.object({
  accountIds: strings.optional(),
  usernames: strings.optional(),
});
export const OrganizationCreateBody = z.object({ name: z.string() });
export const OrganizationLinkBody = z.object({
  organizationId: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
});

/** Parses a body or answers 400 naming each wrong field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) fields[issue.path.join('.') || 'body'] = issue.message;
  const list = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  throw badRequest(`Invalid ${what} in the request body: ${list}.`, fields);
}
