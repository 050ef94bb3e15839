// The last run that visited each project (`project-visit:<key>`): its part of that run, written
// when the project's plan is recorded. One write per visited project; a retried part writes it
// again with the same run (idempotent), and the last run to finish a project is the last to check it.
import { type ProjectVisit, ProjectVisitSchema } from '../domain/project-visit';
import { deleteValue, getValue, setValue } from './kv';

const key = (projectKey: string) => `project-visit:${projectKey}`;

export function putProjectVisit(projectKey: string, visit: ProjectVisit): Promise<void> {
  return setValue(key(projectKey), ProjectVisitSchema.parse(visit));
}

export function getProjectVisit(projectKey: string): Promise<ProjectVisit | undefined> {
  return getValue(key(projectKey), ProjectVisitSchema);
}

export function forgetProjectVisit(projectKey: string): Promise<void> {
  return deleteValue(key(projectKey));
}
