#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
/* thread.c (POSIX): processors, a lock with a condition, and running a
 * function on several threads at once (platform.h), with pthreads. */
#include "../platform.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

int platform_cpu_count(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 1024 ? 1024 : n) : 1;
}

struct platform_lock {
    pthread_mutex_t m;
    pthread_cond_t c;
};

struct platform_lock *platform_lock_new(void)
{
    struct platform_lock *k = malloc(sizeof(*k));
    if (!k)
        return NULL;
    if (pthread_mutex_init(&k->m, NULL) != 0) {
        free(k);
        return NULL;
    }
    if (pthread_cond_init(&k->c, NULL) != 0) {
        pthread_mutex_destroy(&k->m);
        free(k);
        return NULL;
    }
    return k;
}

void platform_lock_free(struct platform_lock *k)
{
    if (!k)
        return;
    pthread_cond_destroy(&k->c);
    pthread_mutex_destroy(&k->m);
    free(k);
}

void platform_lock_take(struct platform_lock *k)
{
    pthread_mutex_lock(&k->m);
}

void platform_lock_give(struct platform_lock *k)
{
    pthread_mutex_unlock(&k->m);
}

void platform_lock_wait(struct platform_lock *k)
{
    pthread_cond_wait(&k->c, &k->m);
}

void platform_lock_wake(struct platform_lock *k)
{
    pthread_cond_broadcast(&k->c);
}

struct job {
    void (*fn)(void *);
    void *arg;
};

static void *job_main(void *p)
{
    const struct job *j = p;
    j->fn(j->arg);
    return NULL;
}

int platform_run_parallel(int n, void (*fn)(void *arg), void *arg)
{
    struct job j = {fn, arg};
    pthread_t *t = n > 1 ? malloc((size_t)(n - 1) * sizeof(*t)) : NULL;
    int started = 0;
    for (int i = 0; t && i < n - 1; i++) {
        if (pthread_create(&t[i], NULL, job_main, &j) != 0)
            break;
        started++;
    }
    fn(arg);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    free(t);
    return started + 1;
}
