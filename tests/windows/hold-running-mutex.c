/*
 * Test-only: stands in for a running ClaimDesk window under Wine (where the
 * window itself cannot run without WebView2) by holding the mutex that
 * tauri-plugin-single-instance holds while the window runs. It holds it
 * until the file named by its argument exists (or two minutes pass), so the
 * installer test can ask an installer to upgrade over a running ClaimDesk.
 */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 2) {
        return 2;
    }
    HANDLE mutex = CreateMutexW(NULL, TRUE, L"kr.claimdesk.desk-sim");
    if (mutex == NULL) {
        return 2;
    }
    for (int waited = 0; waited < 1200; waited++) {
        if (GetFileAttributesW(argv[1]) != INVALID_FILE_ATTRIBUTES) {
            break;
        }
        Sleep(100);
    }
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}
