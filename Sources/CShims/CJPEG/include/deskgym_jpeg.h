#ifndef DESKGYM_JPEG_H
#define DESKGYM_JPEG_H

#include <stddef.h>
#include <stdint.h>

/// One decoded JPEG: packed 8-bit R, G, B rows (top row first), or libjpeg's message.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// width * height * 3 bytes from malloc; release with deskgym_jpeg_free.
    uint8_t *rgb;
    /// libjpeg's message when decoding failed (NUL-terminated).
    char message[200];
} deskgym_jpeg_image;

/// Decodes a JPEG held in memory to RGB with libjpeg's defaults (integer IDCT, fancy upsampling).
///
/// libjpeg reports fatal errors by calling an error handler that must not return; the handler here
/// longjmps back into this function, which cleans up and returns. Swift cannot call setjmp, which is
/// why this wrapper exists. Warnings are not printed; data that ends early is an error, as in Pillow.
///
/// Returns 0 on success; -1 when libjpeg fails (image->message says why); -2 when the image has more
/// than max_pixels pixels (nothing is allocated then).
int deskgym_jpeg_decode_rgb(const uint8_t *data, size_t size, uint64_t max_pixels, deskgym_jpeg_image *image);

/// Frees the pixels of a decoded image (safe on an image that failed or was already freed).
void deskgym_jpeg_free(deskgym_jpeg_image *image);

#endif
