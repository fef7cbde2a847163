import { describe, expect, it } from "vitest";
import { emailText } from "../src/email.js";

describe("emailText", () => {
  it("keeps the subject and the body, never the headers", () => {
    const raw =
      "Return-Path: <a@example.org>\nReceived: from x by y\n\tfor <b@example.org>\nSubject: Hello\n there\nTo: b@example.org\n\nHi Bob,\n\nsee you   at noon.\n";
    expect(emailText(raw)).toBe("Hello there\n\nHi Bob, see you at noon.");
  });

  it("decodes quoted-printable soft breaks and bytes", () => {
    const raw =
      "Subject: QP\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 au lait, a very long li=\nne =3D one line.";
    expect(emailText(raw)).toBe("QP\n\nCaf\u00e9 au lait, a very long line = one line.");
  });

  it("strips HTML markup, scripts, styles, comments and entities", () => {
    const raw =
      'Subject: Offer\nContent-Type: text/html\n\n<html><head><style>p { color: red }</style></head><body><!-- x --><p>Buy&nbsp;now &amp; save</p><script>alert(1)</script><a href="http://x">here</a>&#65;</body></html>';
    expect(emailText(raw)).toBe("Offer\n\nBuy now & save here A");
  });

  it("drops MIME boundaries, part headers and base64 blobs", () => {
    const raw = [
      "Subject: Parts",
      'Content-Type: multipart/alternative; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=us-ascii",
      "Content-Transfer-Encoding: 7bit",
      "",
      "plain words",
      "--b1",
      "Content-Transfer-Encoding: base64",
      "",
      "SGVsbG8gd29ybGQsIHRoaXMgaXMgYmFzZTY0IGVuY29kZWQgdGV4dA==",
      "--b1--",
    ].join("\n");
    expect(emailText(raw)).toBe("Parts\n\nplain words");
  });

  it("handles a message with no body or no subject", () => {
    expect(emailText("Subject: only a subject")).toBe("only a subject\n\n");
    expect(emailText("From: a\n\nbody only")).toBe("\n\nbody only");
  });
});
