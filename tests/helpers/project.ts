export { copyProject, PROJECT, type ProjectCopy } from '../../scripts/lib/project-copy.ts';
