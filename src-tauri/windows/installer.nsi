; ClaimDesk's Windows installer: NSIS 3, Unicode, 64-bit, per user (no
; administrator rights). Built on Debian by .ci/windows-build with Debian's
; makensis (Tauri's own NSIS bundler downloads a plugin at build time, which
; this machine cannot):
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DPROGRAMS=<folder of the .exe
;     files> -DICON=icons/icon.ico -DOUTFILE=ClaimDesk-0.1.0-setup.exe
;     [-DWEBVIEW2_INSTALLER=MicrosoftEdgeWebView2Setup.exe] installer.nsi
;
; What it promises the owner (each one tested under Wine by .ci/windows-test):
; - Korean pages, English ones when Windows is English.
; - Installs into %LOCALAPPDATA%\Programs\ClaimDesk, with Start-menu and
;   desktop shortcuts and an entry in Apps & features.
; - Never touches the claims (%APPDATA%\kr.claimdesk.desk): an upgrade keeps
;   them, and so does an uninstall unless the owner ticks the box (silently:
;   /DELETEDATA).
; - A running ClaimDesk is asked to close first: a program running from the
;   install folder (not a named mutex, which any program could hold).
; - WebView2 (which draws the window) is looked for; when it is missing the
;   installer runs the Microsoft installer it was built with, or says what to
;   do. A silent install then ends with exit code 3: installed, but the window
;   needs WebView2.
; Exit codes: 0 done, 1 cancelled, 2 ClaimDesk was running or a file could
; not be written, 3 installed without WebView2.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user
; A file that cannot be written is retried or the install aborted, never skipped.
AllowSkipFiles off

!ifndef VERSION | PROGRAMS | ICON | OUTFILE
  !error "define VERSION, PROGRAMS, ICON and OUTFILE (see the top of this file)"
!endif

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh

!define PRODUCT "ClaimDesk 피해 접수"
!define IDENTIFIER "kr.claimdesk.desk"
!define PUBLISHER "ClaimDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; The Evergreen WebView2 runtime's client id (Microsoft's documented check).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
; Windows (and Wine) refuse to open a running program's file for writing:
; error 32, ERROR_SHARING_VIOLATION, whatever sharing is asked. Only a process
; whose image is that very file makes it so; a named mutex (the window's
; single-instance one) could be held by any program and block every update.
!define GENERIC_WRITE 0x40000000
!define FILE_SHARE_ALL 7
!define OPEN_EXISTING 3
!define ERROR_SHARING_VIOLATION 32

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\ClaimDesk"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "ClaimDesk ${VERSION}"

Var DeleteData
Var DeleteDataBox
Var WebView2Missing

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\claimdesk-window.exe"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one shown unless Windows' own is another listed.
!insertmacro MUI_LANGUAGE "Korean"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_KOREAN} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_KOREAN} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_KOREAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_KOREAN} "FileDescription" "${PRODUCT} 설치 프로그램"
VIAddVersionKey /LANG=${LANG_KOREAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_KOREAN} "LegalCopyright" "© 2026 ClaimDesk"

LangString Running ${LANG_KOREAN} "ClaimDesk가 실행 중입니다.$\r$\n$\r$\n입력하던 내용을 저장하고 ClaimDesk 창을 닫은 뒤 [다시 시도]를 누르세요."
LangString Running ${LANG_ENGLISH} "ClaimDesk is running.$\r$\n$\r$\nSave what you were entering, close the ClaimDesk window, then press Retry."
LangString WebView2Needed ${LANG_KOREAN} "ClaimDesk 창을 그리는 Microsoft Edge WebView2 런타임이 이 PC에 없습니다.$\r$\n$\r$\nMicrosoft 누리집(https://go.microsoft.com/fwlink/p/?LinkId=2124703)에서 'Evergreen 부트스트래퍼'를 받아 설치하세요. 인터넷이 안 되는 PC라면 다른 PC에서 'Evergreen 독립 실행형 설치 관리자(x64)'를 받아 옮겨 설치하면 됩니다.$\r$\n$\r$\nClaimDesk는 설치되었고, WebView2를 설치한 뒤 바로 쓸 수 있습니다."
LangString WebView2Needed ${LANG_ENGLISH} "The Microsoft Edge WebView2 Runtime, which draws the ClaimDesk window, is not on this PC.$\r$\n$\r$\nInstall it from https://go.microsoft.com/fwlink/p/?LinkId=2124703 (the Evergreen Bootstrapper, or on a PC without internet the Evergreen Standalone Installer x64 brought from another PC).$\r$\n$\r$\nClaimDesk is installed and works as soon as WebView2 is."
LangString WebView2Installing ${LANG_KOREAN} "Microsoft Edge WebView2 런타임을 설치하는 중…"
LangString WebView2Installing ${LANG_ENGLISH} "Installing the Microsoft Edge WebView2 Runtime…"
LangString DataTitle ${LANG_KOREAN} "저장한 청구서"
LangString DataTitle ${LANG_ENGLISH} "Saved claims"
LangString DataSubtitle ${LANG_KOREAN} "청구서와 백업을 남길지 고르세요."
LangString DataSubtitle ${LANG_ENGLISH} "Choose whether to keep your claims and backups."
LangString DataKept ${LANG_KOREAN} "프로그램만 지우고, 저장한 청구서·증빙·백업은 이 PC에 그대로 남깁니다. 다시 설치하면 그대로 이어서 쓸 수 있습니다.$\r$\n$\r$\n보관 위치: $APPDATA\${IDENTIFIER}"
LangString DataKept ${LANG_ENGLISH} "Only the program is removed; your claims, evidence and backups stay on this PC, and a new install carries on with them.$\r$\n$\r$\nThey are in: $APPDATA\${IDENTIFIER}"
LangString DataDelete ${LANG_KOREAN} "청구서·증빙·백업도 모두 지우기 (되돌릴 수 없습니다)"
LangString DataDelete ${LANG_ENGLISH} "Also delete all claims, evidence and backups (cannot be undone)"

; Waits until no ClaimDesk program runs from the install folder (the window,
; or the console program and its workers): the owner closes it and retries,
; or cancels (a silent run cancels at once, exit code 2).
!macro WAIT_FOR_CLOSE un
; $1: a program file. Sets $2 to 1 when it runs, else 0 (also when it is not
; there: a first install).
Function ${un}ProgramRuns
  System::Call 'kernel32::CreateFileW(w r1, i ${GENERIC_WRITE}, i ${FILE_SHARE_ALL}, p 0, i ${OPEN_EXISTING}, i 0, p 0) p .r3 ?e'
  Pop $4
  StrCpy $2 0
  ${If} $3 = -1
    ${If} $4 = ${ERROR_SHARING_VIOLATION}
      StrCpy $2 1
    ${EndIf}
  ${Else}
    System::Call 'kernel32::CloseHandle(p r3)'
  ${EndIf}
FunctionEnd

Function ${un}WaitForClaimDeskToClose
  retry:
    StrCpy $1 "$INSTDIR\claimdesk-window.exe"
    Call ${un}ProgramRuns
    ${If} $2 = 0
      StrCpy $1 "$INSTDIR\claimdesk.exe"
      Call ${un}ProgramRuns
    ${EndIf}
    ${If} $2 = 1
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(Running)" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 2
      Quit
    ${EndIf}
FunctionEnd
!macroend
!insertmacro WAIT_FOR_CLOSE ""
!insertmacro WAIT_FOR_CLOSE "un."

Function .onInit
  SetShellVarContext current
  Call WaitForClaimDeskToClose
FunctionEnd

; Sets $0 to the installed WebView2 runtime's version, or "" when there is none
; (an empty value and 0.0.0.0 both mean none).
Function FindWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
    ${If} $0 == "0.0.0.0"
      StrCpy $0 ""
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "ClaimDesk" SectionPrograms
  SectionIn RO
  SetOutPath "$INSTDIR"
  SetOverwrite on
  File "${PROGRAMS}\claimdesk.exe"
  File "${PROGRAMS}\claimdesk-window.exe"
  File "${PROGRAMS}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\claimdesk-window.exe" "" "$INSTDIR\claimdesk-window.exe" 0
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\claimdesk-window.exe" "" "$INSTDIR\claimdesk-window.exe" 0

  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\claimdesk-window.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "WebView2" SectionWebView2
  SectionIn RO
  Call FindWebView2
  ${If} $0 != ""
    Return
  ${EndIf}
!ifdef WEBVIEW2_INSTALLER
  DetailPrint "$(WebView2Installing)"
  InitPluginsDir
  File "/oname=$PLUGINSDIR\MicrosoftEdgeWebView2Setup.exe" "${WEBVIEW2_INSTALLER}"
  ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebView2Setup.exe" /silent /install' $1
  Call FindWebView2
  ${If} $0 != ""
    Return
  ${EndIf}
!endif
  StrCpy $WebView2Missing 1
  DetailPrint "$(WebView2Needed)"
  MessageBox MB_ICONEXCLAMATION "$(WebView2Needed)" /SD IDOK
SectionEnd

Function .onInstSuccess
  ${If} $WebView2Missing == 1
    SetErrorLevel 3
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext current
  Call un.WaitForClaimDeskToClose
  StrCpy $DeleteData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" "$(DataSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 60u "$(DataKept)"
  Pop $0
  ${NSD_CreateCheckbox} 0 70u 100% 14u "$(DataDelete)"
  Pop $DeleteDataBox
  ${If} $DeleteData == 1
    ${NSD_Check} $DeleteDataBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteDataBox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $DeleteData 1
  ${Else}
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\claimdesk.exe"
  Delete "$INSTDIR\claimdesk-window.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ${If} $DeleteData == 1
    ; The claims, evidence and backups, then the logs and the window's cache.
    RMDir /r "$APPDATA\${IDENTIFIER}"
    RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
  ${EndIf}
SectionEnd
