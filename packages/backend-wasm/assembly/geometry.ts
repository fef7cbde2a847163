// The window geometry of a convolution or pooling call, written by the host (src/geometry.ts) into
// a static block of i32 words before the call: too many numbers for a readable parameter list,
// and the kernels read each once.

export const G_N: i32 = 0;
export const G_C: i32 = 1;
export const G_H: i32 = 2;
export const G_W: i32 = 3;
/** Output channels (convolution); unused by pooling. */
export const G_O: i32 = 4;
export const G_KH: i32 = 5;
export const G_KW: i32 = 6;
export const G_OH: i32 = 7;
export const G_OW: i32 = 8;
export const G_STRIDE_H: i32 = 9;
export const G_STRIDE_W: i32 = 10;
export const G_TOP: i32 = 11;
export const G_LEFT: i32 = 12;
export const G_DIL_H: i32 = 13;
export const G_DIL_W: i32 = 14;
export const G_GROUPS: i32 = 15;
/** Strides (elements) of the strided NCHW input `x` (or `dy` where the kernel reads only `dy`). */
export const G_XSN: i32 = 16;
export const G_XSC: i32 = 17;
export const G_XSH: i32 = 18;
export const G_XSW: i32 = 19;
/** Strides of `dy` in the pooling backward kernels. */
export const G_DSN: i32 = 20;
export const G_DSC: i32 = 21;
export const G_DSH: i32 = 22;
export const G_DSW: i32 = 23;
/** avgPool2d: 1 to divide by the full window, 0 by the in-bounds taps. */
export const G_INCLUDE_PAD: i32 = 24;

export const GEOMETRY_WORDS: i32 = 32;
export const GEOMETRY: usize = memory.data(4 * GEOMETRY_WORDS, 16);
