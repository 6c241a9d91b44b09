/*
 * A stand-in for Windows' bcryptprimitives.dll, for the tests under Wine
 * only. Rust's standard library asks ProcessPrng (Windows 10 and later) for
 * random bytes; Wine 8.0 has no such DLL, so the tests place this one beside
 * the program. It answers from RtlGenRandom (advapi32's SystemFunction036),
 * which Wine has. Never shipped: real Windows 10/11 have the real DLL, and
 * the installer test checks this file is not installed.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
