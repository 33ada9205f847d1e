#include "deskgym_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

// libjpeg's error manager comes first so that the library's pointer to it is also a pointer to this.
struct deskgym_jpeg_errors {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char *message;
    size_t message_size;
    int truncated;
};

static void deskgym_jpeg_error_exit(j_common_ptr info) {
    struct deskgym_jpeg_errors *errors = (struct deskgym_jpeg_errors *)info->err;
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    snprintf(errors->message, errors->message_size, "%s", text);
    longjmp(errors->jump, 1);
}

// A damaged but decodable stream gives warnings, which Pillow ignores too; they must not go to the
// process's stderr. One is kept: data that ends early, which libjpeg fills with grey but Pillow
// refuses ("image file is truncated").
static void deskgym_jpeg_emit_message(j_common_ptr info, int level) {
    struct deskgym_jpeg_errors *errors = (struct deskgym_jpeg_errors *)info->err;
    if (level < 0) {
        info->err->num_warnings++;
        if (info->err->msg_code == JWRN_JPEG_EOF && !errors->truncated) {
            errors->truncated = 1;
            char text[JMSG_LENGTH_MAX];
            (*info->err->format_message)(info, text);
            snprintf(errors->message, errors->message_size, "%s", text);
        }
    }
}

int deskgym_jpeg_decode_rgb(const uint8_t *data, size_t size, uint64_t max_pixels, deskgym_jpeg_image *image) {
    struct jpeg_decompress_struct info;
    struct deskgym_jpeg_errors errors;
    // Volatile: it changes between setjmp and a possible longjmp and is read after the jump.
    uint8_t *volatile rgb = NULL;

    memset(image, 0, sizeof *image);
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = deskgym_jpeg_error_exit;
    errors.manager.emit_message = deskgym_jpeg_emit_message;
    errors.message = image->message;
    errors.message_size = sizeof image->message;
    errors.truncated = 0;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        free(rgb);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    uint64_t pixels = (uint64_t)info.image_width * (uint64_t)info.image_height;
    if (pixels > max_pixels) {
        snprintf(image->message, sizeof image->message, "%ux%u pixels exceed the limit of %llu",
                 (unsigned)info.image_width, (unsigned)info.image_height, (unsigned long long)max_pixels);
        jpeg_destroy_decompress(&info);
        return -2;
    }
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    rgb = malloc(stride * info.output_height);
    if (rgb == NULL) {
        snprintf(image->message, sizeof image->message, "out of memory for %ux%u pixels",
                 (unsigned)info.output_width, (unsigned)info.output_height);
        jpeg_destroy_decompress(&info);
        return -2;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = (JSAMPROW)(rgb + stride * info.output_scanline);
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    if (errors.truncated) {
        jpeg_destroy_decompress(&info);
        free(rgb);
        return -1;
    }
    image->width = info.output_width;
    image->height = info.output_height;
    image->rgb = rgb;
    jpeg_destroy_decompress(&info);
    return 0;
}

void deskgym_jpeg_free(deskgym_jpeg_image *image) {
    free(image->rgb);
    image->rgb = NULL;
}
