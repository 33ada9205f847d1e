#include "deskgym_vnc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

// Enough for the handful of lines libvncclient logs while a connection is set up or fails.
#define DESKGYM_VNC_LOG_SIZE 2048

static _Thread_local char deskgym_vnc_log_text[DESKGYM_VNC_LOG_SIZE];
static _Thread_local size_t deskgym_vnc_log_length;

static void deskgym_vnc_log(const char *format, ...) {
    if (deskgym_vnc_log_length >= DESKGYM_VNC_LOG_SIZE - 1) return;
    va_list arguments;
    va_start(arguments, format);
    int written = vsnprintf(deskgym_vnc_log_text + deskgym_vnc_log_length,
                            DESKGYM_VNC_LOG_SIZE - deskgym_vnc_log_length, format, arguments);
    va_end(arguments);
    if (written > 0) {
        size_t room = DESKGYM_VNC_LOG_SIZE - 1 - deskgym_vnc_log_length;
        deskgym_vnc_log_length += (size_t)written < room ? (size_t)written : room;
    }
}

void deskgym_vnc_capture_logs(void) {
    rfbClientLog = deskgym_vnc_log;
    rfbClientErr = deskgym_vnc_log;
}

size_t deskgym_vnc_take_log(char *buffer, size_t capacity) {
    if (capacity == 0) return 0;
    size_t length = deskgym_vnc_log_length < capacity - 1 ? deskgym_vnc_log_length : capacity - 1;
    memcpy(buffer, deskgym_vnc_log_text, length);
    buffer[length] = '\0';
    deskgym_vnc_log_length = 0;
    return length;
}
