/** `getStaticPaths` of the pages made once per tool or per register entry (its page and its history). */
import { getContent, type RegisterEntry, type Tool } from './load.ts';

export interface ToolPageProps {
  tool: Tool;
}

export interface EntryPageProps {
  entry: RegisterEntry;
}

export function toolStaticPaths(): { params: { tool: string }; props: ToolPageProps }[] {
  return getContent().tools.map((tool) => ({ params: { tool: tool.slug }, props: { tool } }));
}

export function entryStaticPaths(): { params: { slug: string }; props: EntryPageProps }[] {
  return getContent().register.map((entry) => ({ params: { slug: entry.slug }, props: { entry } }));
}
