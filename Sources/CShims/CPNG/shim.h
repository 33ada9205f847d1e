// libpng's simplified API (png_image_*), which reports errors in the png_image instead of
// longjmp-ing out of the caller: Swift cannot use setjmp.
#include <png.h>
