/**
 * Reads a Dockerfile into its stages and instructions (comments dropped, `\` continuations joined, JSON-array
 * arguments decoded), so tests can check the image's build and run its entry command without a container engine.
 */
export interface DockerInstruction {
  keyword: string;
  /** The text after the keyword, continuations joined by a space. */
  text: string;
}

export interface DockerStage {
  image: string;
  name?: string;
  instructions: DockerInstruction[];
}

export function parseDockerfile(source: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const keyword = line.split(/\s+/)[0] ?? '';
    const text = line.slice(keyword.length).trim();
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = text.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), text });
    } else if (keyword.toUpperCase() !== 'ARG') {
      throw new Error(`Dockerfile: ${keyword} before the first FROM`);
    }
  }
  return stages;
}

/** The exec form (`["node", "x"]`) of CMD, ENTRYPOINT or the command of a HEALTHCHECK. */
export function execForm(text: string): string[] {
  const start = text.indexOf('[');
  const parsed: unknown = JSON.parse(text.slice(start));
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec form: ${text}`);
  return parsed as string[];
}

/** `ENV A=1 B=2` pairs of a stage, in order. */
export function stageEnvironment(stage: DockerStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, text } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    for (const pair of text.split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return env;
}

export function lastInstruction(stage: DockerStage, keyword: string): DockerInstruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}
