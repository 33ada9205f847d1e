#ifndef DESKGYM_CVNCSERVER_SHIM_H
#define DESKGYM_CVNCSERVER_SHIM_H

#include <rfb/rfb.h>
#include <stdarg.h>
#include <stdio.h>

/* libvncserver logs through variadic function pointers (rfbLog, rfbErr), which Swift can neither
   call nor implement. These helpers format each message and hand the line to a plain callback.
   The callback lives in one static variable of the translation unit that includes this header;
   DeskgymVNCServer installs and reads it from a single Swift file. */

typedef void (*deskgym_vnc_line_sink)(const char *line);

static deskgym_vnc_line_sink deskgym_vnc_sink = 0;

static void deskgym_vnc_log_trampoline(const char *format, ...) {
    char line[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(line, sizeof line, format, arguments);
    va_end(arguments);
    if (deskgym_vnc_sink) deskgym_vnc_sink(line);
}

/* Routes libvncserver's log and error lines to `sink` (NULL silences them). */
static inline void deskgym_vnc_route_log(deskgym_vnc_line_sink sink) {
    deskgym_vnc_sink = sink;
    rfbLog = deskgym_vnc_log_trampoline;
    rfbErr = deskgym_vnc_log_trampoline;
}

/* rfbInitServer is a macro naming one of four functions, which Swift does not import. */
static inline void deskgym_vnc_init_server(rfbScreenInfoPtr screen) {
    rfbInitServer(screen);
}

#endif
