/** HTML entities common in the corpus; others (`&#NNN;` aside) become a space. */
const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Undoes quoted-printable: soft line breaks (`=` at a line's end) and `=XX` bytes (read as Latin-1). */
function decodeQuotedPrintable(s: string): string {
  return s
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Markup to words: scripts and styles dropped, tags to spaces, entities decoded. */
function stripHtml(s: string): string {
  return s
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d) % 0x10000))
    .replace(/&([a-z]+);/gi, (_, name: string) => ENTITIES[name.toLowerCase()] ?? " ");
}

/** A header's value (unfolded), or "" when the message has none. */
function header(headers: string, name: string): string {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, " ");
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(unfolded);
  return m ? m[1]!.trim() : "";
}

/**
 * A raw RFC 822 message as the text a reader sees: the subject, a blank line, the body. Headers
 * (which name the mailing lists the ham came from, and so give the label away), MIME boundaries
 * and part headers, quoted-printable encoding, HTML markup and base64 blobs are removed, and
 * runs of white space become one space. Not a full MIME parser: enough to give a text model the
 * words of a message.
 */
export function emailText(raw: string): string {
  const split = /\r?\n\r?\n/.exec(raw);
  const headers = split ? raw.slice(0, split.index) : raw;
  let body = split ? raw.slice(split.index + split[0].length) : "";
  if (/quoted-printable/i.test(raw)) body = decodeQuotedPrintable(body);
  body = body
    .split(/\r?\n/)
    // MIME boundaries ("--=_NextPart…") and part headers ("Content-Type: text/plain; …").
    .filter((line) => !/^--\S*$/.test(line.trim()) && !/^(content-[\w-]+|mime-version):/i.test(line))
    .join("\n");
  if (/<[a-z!/][^>]*>/i.test(body)) body = stripHtml(body);
  const words = body
    .split(/\s+/)
    // A "word" of 40+ characters with no space is a base64 line or a URL blob, not language.
    .filter((w) => w.length > 0 && w.length < 40);
  return `${header(headers, "Subject")}\n\n${words.join(" ")}`;
}
