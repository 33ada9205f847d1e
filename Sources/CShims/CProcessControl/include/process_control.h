#ifndef DESKGYM_PROCESS_CONTROL_H
#define DESKGYM_PROCESS_CONTROL_H

#include <sys/prctl.h>

/// Makes the calling process adopt orphaned descendants (PR_SET_CHILD_SUBREAPER), so that the
/// grandchildren of a session are reparented to it and can be reaped. prctl is variadic, which
/// Swift cannot call. Returns 0 or -1 with errno set.
static inline int deskgym_become_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

#endif
