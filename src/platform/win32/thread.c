/* thread.c (Windows): processors, a lock with a condition, and running a
 * function on several threads at once (platform.h): an SRW lock, a
 * condition variable, CreateThread. */
#include "w32util.h"

#include "../platform.h"

#include <stdlib.h>

int platform_cpu_count(void)
{
    DWORD_PTR proc = 0, sys = 0;
    int n = 0;
    if (GetProcessAffinityMask(GetCurrentProcess(), &proc, &sys))
        for (; proc; proc &= proc - 1)
            n++;
    if (n == 0) {
        SYSTEM_INFO si;
        GetSystemInfo(&si);
        n = (int)si.dwNumberOfProcessors;
    }
    return n > 0 ? n : 1;
}

struct platform_lock {
    SRWLOCK m;
    CONDITION_VARIABLE c;
};

struct platform_lock *platform_lock_new(void)
{
    struct platform_lock *k = malloc(sizeof(*k));
    if (!k)
        return NULL;
    InitializeSRWLock(&k->m);
    InitializeConditionVariable(&k->c);
    return k;
}

void platform_lock_free(struct platform_lock *k)
{
    free(k); /* neither needs tearing down */
}

void platform_lock_take(struct platform_lock *k)
{
    AcquireSRWLockExclusive(&k->m);
}

void platform_lock_give(struct platform_lock *k)
{
    ReleaseSRWLockExclusive(&k->m);
}

void platform_lock_wait(struct platform_lock *k)
{
    SleepConditionVariableSRW(&k->c, &k->m, INFINITE, 0);
}

void platform_lock_wake(struct platform_lock *k)
{
    WakeAllConditionVariable(&k->c);
}

struct job {
    void (*fn)(void *);
    void *arg;
};

static DWORD WINAPI job_main(LPVOID p)
{
    const struct job *j = p;
    j->fn(j->arg);
    return 0;
}

int platform_run_parallel(int n, void (*fn)(void *arg), void *arg)
{
    struct job j = {fn, arg};
    HANDLE *t = n > 1 ? malloc((size_t)(n - 1) * sizeof(*t)) : NULL;
    int started = 0;
    for (int i = 0; t && i < n - 1; i++) {
        if (!(t[i] = CreateThread(NULL, 0, job_main, &j, 0, NULL)))
            break;
        started++;
    }
    fn(arg);
    for (int i = 0; i < started; i++) {
        WaitForSingleObject(t[i], INFINITE);
        CloseHandle(t[i]);
    }
    free(t);
    return started + 1;
}
