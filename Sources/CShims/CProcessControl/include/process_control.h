#ifndef DESKGYM_PROCESS_CONTROL_H
#define DESKGYM_PROCESS_CONTROL_H

#include <sys/prctl.h>

/// Makes the calling process adopt orphaned descendants (PR_SET_CHILD_SUBREAPER), so that the
/// grandchildren of a session are reparented to it and can be reaped. prctl is variadic, which
/// Swift cannot call. Returns 0 or -1 with errno set.
static inline int deskgym_become_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

/// Creates a socket (close-on-exec) in the network namespace `namespace_fd` refers to (an open
/// `/proc/PID/ns/net`): the calling thread enters it, creates the socket and returns to its own
/// namespace, so the socket belongs to the other namespace's network (its loopback, its ports)
/// while this process uses it as any other. Needs CAP_SYS_ADMIN over that namespace. Returns the
/// descriptor, or -1 with errno set. (setns is declared only under _GNU_SOURCE, which the Swift
/// side does not define: the function lives in process_control.c.)
int deskgym_socket_in_network_namespace(int namespace_fd, int domain, int type);

/// `openat2(root_fd, path, flags, mode)` with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: `path` and
/// every symbolic link met on the way resolve as if `root_fd` were `/` (an absolute link, or
/// `..` at the top, stays beneath it), so a session's links never lead this server out of the
/// session's files. Adds O_CLOEXEC. Returns the descriptor, or -1 with errno set (ENOSYS before
/// Linux 5.6).
int deskgym_open_in_root(int root_fd, const char *path, int flags, unsigned int mode);

/// The user namespace that owns the namespace `namespace_fd` refers to (ioctl NS_GET_USERNS,
/// variadic for Swift): a new close-on-exec descriptor, or -1 with errno set. A sandbox's network
/// namespace belongs to bubblewrap's outer user namespace, not to the one its programs run in.
int deskgym_namespace_owner(int namespace_fd);

#endif
