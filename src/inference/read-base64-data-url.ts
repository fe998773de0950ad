/**
 * A base64 `data:` URL (`data:image/png;base64,...`, parameters allowed before `base64`) as its media type, lower
 * case, and its base64 data; undefined for any other URL or text. The one reader of data URLs the surfaces share
 * (OpenAI chat and Responses images and files, Mistral's images). Pure.
 */
const DATA_URL = /^data:([^;,]+)(?:;[^;,]+)*;base64,/;

export function readBase64DataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = DATA_URL.exec(url);
  if (match === null) return undefined;
  return { mediaType: (match[1] ?? '').toLowerCase(), data: url.slice(match[0].length) };
}
