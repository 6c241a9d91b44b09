/*
 * Test-only: stands in for Microsoft's WebView2 installer, which an installer
 * built with -DWEBVIEW2_INSTALLER runs when the runtime is missing. Called as
 * Microsoft documents (`/silent /install`), it records a runtime version
 * where the real one does (EdgeUpdate's client key, per user); called any
 * other way it records nothing and fails.
 */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3 || lstrcmpW(argv[1], L"/silent") != 0 || lstrcmpW(argv[2], L"/install") != 0) {
        return 1;
    }
    static const wchar_t version[] = L"131.0.2903.70";
    LSTATUS status = RegSetKeyValueW(
        HKEY_CURRENT_USER,
        L"Software\\Microsoft\\EdgeUpdate\\Clients\\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}",
        L"pv", REG_SZ, version, sizeof version);
    return status == ERROR_SUCCESS ? 0 : 1;
}
