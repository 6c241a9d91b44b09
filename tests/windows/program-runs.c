/*
 * Test-only: whether a program runs from the file named by its argument,
 * asked the way the installer asks (a running program's file cannot be
 * opened for writing: ERROR_SHARING_VIOLATION). Exits 0 when it runs, 1 when
 * not, 2 on a wrong call. The installer test waits on it before asking an
 * installer to upgrade over a running ClaimDesk.
 */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 2) {
        return 2;
    }
    HANDLE file = CreateFileW(argv[1], GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        return GetLastError() == ERROR_SHARING_VIOLATION ? 0 : 1;
    }
    CloseHandle(file);
    return 1;
}
