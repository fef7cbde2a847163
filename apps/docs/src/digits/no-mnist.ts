// Stands in for the `mnist` package in the site's bundle (see .vitepress/config.ts): its 21 MB of
// JSON must not ship to browsers. The digits page loads the binary subset the build writes.
const digits: readonly { id: number; raw: readonly number[]; length: number }[] = [];
export default digits;
