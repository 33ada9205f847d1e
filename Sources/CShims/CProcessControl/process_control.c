// The network-namespace socket is compiled here, with _GNU_SOURCE for setns; the rest of the
// shim is header-only (include/process_control.h).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "process_control.h"

int deskgym_socket_in_network_namespace(int namespace_fd, int domain, int type) {
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) return -1;
    if (setns(namespace_fd, CLONE_NEWNET) != 0) {
        int saved = errno;
        close(home);
        errno = saved;
        return -1;
    }
    int made = socket(domain, type | SOCK_CLOEXEC, 0);
    int saved = errno;
    if (setns(home, CLONE_NEWNET) != 0) {
        // Returning to a namespace this thread was in, by a descriptor held open, fails only if
        // the kernel does; a thread left in a session's network would open every later socket of
        // this server there, which is worse than stopping.
        abort();
    }
    close(home);
    errno = saved;
    return made;
}


#include <linux/openat2.h>
#include <sys/syscall.h>

int deskgym_open_in_root(int root_fd, const char *path, int flags, unsigned int mode) {
    struct open_how how = {0};
    how.flags = (unsigned long long)(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
}

#include <linux/nsfs.h>
#include <sys/ioctl.h>

int deskgym_namespace_owner(int namespace_fd) {
    return ioctl(namespace_fd, NS_GET_USERNS);
}
