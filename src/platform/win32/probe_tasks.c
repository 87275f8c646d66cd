/* probe_tasks.c (Windows): the scheduled tasks that trigger autoenrollment,
 * \Microsoft\Windows\CertificateServicesClient\UserTask (user) and
 * SystemTask (machine), read through the Task Scheduler 2.0 interface
 * (what Get-ScheduledTask / Get-ScheduledTaskInfo show).
 *
 * - folder or task missing: exists false;
 * - last_run: null when the task never ran (SCHED_S_TASK_HAS_NOT_RUN, a zero
 *   date, or the 1999-11-30 placeholder Windows shows for "never");
 * - last_result: absent when the service does not say (Wine: E_NOTIMPL);
 * - running_since: while the task runs, its LastRunTime, which the service
 *   sets when an instance starts (IRunningTask has no start time of its own). */
#define COBJMACROS
#include "probe_util.h"

#include <objbase.h>
#include <oleauto.h>
#include <taskschd.h>

#include <stdio.h>

static const CLSID ED_CLSID_TaskScheduler = {
    0x0f87369f, 0xa4e5, 0x4cfc, {0xbd, 0x3e, 0x73, 0xe6, 0x15, 0x45, 0x72, 0xdd}};
static const IID ED_IID_ITaskService = {
    0x2faba4c7, 0x4da9, 0x4013, {0x96, 0x97, 0x20, 0xcc, 0x3f, 0xd4, 0x0f, 0x85}};

#ifndef SCHED_S_TASK_HAS_NOT_RUN
#define SCHED_S_TASK_HAS_NOT_RUN ((HRESULT)0x00041303L)
#endif

static const wchar_t TASK_FOLDER[] = L"\\Microsoft\\Windows\\CertificateServicesClient";

static bool not_found(HRESULT hr)
{
    return hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) || hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
}

/* 2000-01-01T00:00:00Z: anything before is a "never ran" placeholder */
#define NEVER_BEFORE INT64_C(946684800)

static void read_task(IRegisteredTask *t, struct task *out)
{
    out->st = F_SET;
    out->exists.st = F_SET;
    out->exists.v = true;

    VARIANT_BOOL en = VARIANT_FALSE;
    if (SUCCEEDED(IRegisteredTask_get_Enabled(t, &en))) {
        out->enabled.st = F_SET;
        out->enabled.v = en != VARIANT_FALSE;
    }
    TASK_STATE s = TASK_STATE_UNKNOWN;
    if (SUCCEEDED(IRegisteredTask_get_State(t, &s))) {
        out->state_st = F_SET;
        switch (s) {
        case TASK_STATE_DISABLED: out->state = TASK_DISABLED; break;
        case TASK_STATE_QUEUED: out->state = TASK_QUEUED; break;
        case TASK_STATE_READY: out->state = TASK_READY; break;
        case TASK_STATE_RUNNING: out->state = TASK_RUNNING; break;
        default: out->state = TASK_UNKNOWN; break;
        }
    }
    DATE d = 0;
    HRESULT hr = IRegisteredTask_get_LastRunTime(t, &d);
    if (hr == SCHED_S_TASK_HAS_NOT_RUN) {
        out->last_run.st = F_NULL;
    } else if (SUCCEEDED(hr)) {
        int64_t when;
        if (d == 0 || probe_oledate_to_unix(d, &when) != 0 || when < NEVER_BEFORE) {
            out->last_run.st = F_NULL;
        } else {
            out->last_run.st = F_SET;
            out->last_run.v = when;
        }
    }
    LONG res = 0;
    hr = IRegisteredTask_get_LastTaskResult(t, &res);
    if (hr == S_OK) {
        out->last_result.st = F_SET;
        out->last_result.v = probe_code((uint32_t)res);
    }
    if (out->state_st == F_SET && out->state == TASK_RUNNING && out->last_run.st == F_SET) {
        out->running_since.st = F_SET;
        out->running_since.v = out->last_run.v;
    }
}

/* 0 collected (the task may not exist), 1 not (NOTE says why). */
static int probe_task(ITaskFolder *folder, HRESULT folder_hr, const wchar_t *name, struct task *out,
                      struct probe_note *note)
{
    if (not_found(folder_hr)) {
        out->st = F_SET;
        out->exists.st = F_SET;
        out->exists.v = false;
        return 0;
    }
    if (FAILED(folder_hr) || !folder) {
        probe_note_add(note, PROBE_TASKS, "%ls: cannot open the folder (0x%08lX)", TASK_FOLDER,
                       (unsigned long)folder_hr);
        return 1;
    }
    BSTR b = SysAllocString(name);
    if (!b)
        return 1;
    IRegisteredTask *t = NULL;
    HRESULT hr = ITaskFolder_GetTask(folder, b, &t);
    SysFreeString(b);
    if (not_found(hr)) {
        out->st = F_SET;
        out->exists.st = F_SET;
        out->exists.v = false;
        return 0;
    }
    if (FAILED(hr) || !t) {
        probe_note_add(note, PROBE_TASKS, "%ls\\%ls: cannot read the task (0x%08lX)", TASK_FOLDER, name,
                       (unsigned long)hr);
        return 1;
    }
    read_task(t, out);
    IRegisteredTask_Release(t);
    return 0;
}

int probe_win_tasks(struct facts *f, const struct probe_env *env, struct probe_note *note)
{
    (void)env;
    ITaskService *svc = NULL;
    HRESULT hr = CoCreateInstance(&ED_CLSID_TaskScheduler, NULL, CLSCTX_INPROC_SERVER, &ED_IID_ITaskService,
                                  (void **)&svc);
    if (FAILED(hr) || !svc) {
        probe_note_set(note, PROBE_TASKS, "Task Scheduler not available (CoCreateInstance 0x%08lX)",
                       (unsigned long)hr);
        return 1;
    }
    VARIANT empty;
    VariantInit(&empty);
    hr = ITaskService_Connect(svc, empty, empty, empty, empty);
    if (FAILED(hr)) {
        ITaskService_Release(svc);
        probe_note_set(note, PROBE_TASKS, "cannot connect to the Task Scheduler (0x%08lX)", (unsigned long)hr);
        return 1;
    }
    ITaskFolder *folder = NULL;
    BSTR path = SysAllocString(TASK_FOLDER);
    if (!path) {
        ITaskService_Release(svc);
        return -1;
    }
    hr = ITaskService_GetFolder(svc, path, &folder);
    SysFreeString(path);
    int ru = probe_task(folder, hr, L"UserTask", &f->tasks[CTX_USER], note);
    int rm = probe_task(folder, hr, L"SystemTask", &f->tasks[CTX_MACHINE], note);
    if (folder)
        ITaskFolder_Release(folder);
    ITaskService_Release(svc);
    if (env->wine && (f->tasks[CTX_USER].exists.v || f->tasks[CTX_MACHINE].exists.v))
        probe_note_add(note, PROBE_TASKS, "last_result: unknown, Wine does not implement LastTaskResult");
    return ru && rm ? 1 : 0;
}
