#ifndef DESKGYM_VNC_H
#define DESKGYM_VNC_H

#include <stddef.h>
#include <rfb/rfbclient.h>

/// Routes libvncclient's log and error messages (global, variadic callbacks that Swift cannot
/// implement) into a per-thread buffer, so that a failed call's reason can be read on the thread
/// that made the call. Idempotent.
void deskgym_vnc_capture_logs(void);

/// Copies the messages logged on this thread since the last call into `buffer` (NUL-terminated,
/// cut to `capacity`) and forgets them. Returns the length copied.
size_t deskgym_vnc_take_log(char *buffer, size_t capacity);

#endif
