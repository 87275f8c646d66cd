#define _POSIX_C_SOURCE 200809L
/* platform.c (POSIX): no live client here; the wizard and diagnose work on
 * bundles and training scenarios. */
#include "../platform.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

const char *platform_ui_language(char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return NULL;
}

bool platform_can_probe(void)
{
    return false;
}

int64_t platform_now(void)
{
    return (int64_t)time(NULL);
}

void platform_hostname(char *buf, size_t size)
{
    if (size == 0)
        return;
    if (gethostname(buf, size) != 0)
        buf[0] = '\0';
    buf[size - 1] = '\0';
}
