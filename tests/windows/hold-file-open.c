/*
 * Test-only: stands in for a PDF viewer showing a file, the way Windows
 * viewers open it (reading, sharing reads only, so nobody may replace or
 * delete it meanwhile). Usage: hold-file-open FILE HOLDING RELEASE. Once the
 * file is open it creates HOLDING, then holds the file until RELEASE exists
 * (or two minutes pass).
 */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 4) {
        return 2;
    }
    HANDLE held = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (held == INVALID_HANDLE_VALUE) {
        return 2;
    }
    HANDLE holding = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                                 FILE_ATTRIBUTE_NORMAL, NULL);
    if (holding == INVALID_HANDLE_VALUE) {
        return 2;
    }
    CloseHandle(holding);
    for (int waited = 0; waited < 1200; waited++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES) {
            break;
        }
        Sleep(100);
    }
    CloseHandle(held);
    return 0;
}
