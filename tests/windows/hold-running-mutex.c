/*
 * Test-only: another program holding the name of the mutex that
 * tauri-plugin-single-instance holds while the ClaimDesk window runs (any
 * program can create a mutex of any name). Usage: hold-running-mutex HOLDING
 * RELEASE. Once it holds the mutex it creates HOLDING, then holds it until
 * RELEASE exists (or two minutes pass). The installer must not take it for
 * a running ClaimDesk.
 */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        return 2;
    }
    HANDLE mutex = CreateMutexW(NULL, TRUE, L"kr.claimdesk.desk-sim");
    if (mutex == NULL) {
        return 2;
    }
    HANDLE holding = CreateFileW(argv[1], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                                 FILE_ATTRIBUTE_NORMAL, NULL);
    if (holding == INVALID_HANDLE_VALUE) {
        return 2;
    }
    CloseHandle(holding);
    for (int waited = 0; waited < 1200; waited++) {
        if (GetFileAttributesW(argv[2]) != INVALID_FILE_ATTRIBUTES) {
            break;
        }
        Sleep(100);
    }
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}
