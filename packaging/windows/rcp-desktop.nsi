; rcp-desktop Windows installer (NSIS 3.08+; makensis runs on Windows and on Linux alike).
;
;   makensis -DVERSION=0.1.0 -DSOURCE_DIR=<frozen dist\rcp-desktop> [-DOUTFILE=<setup.exe>]
;            [-DSIGN_COMMAND=<command that signs the file given as its last argument>]
;            packaging\windows\rcp-desktop.nsi
;
; - per-machine: C:\Program Files\rcp-desktop, one Start-menu entry for all users, an entry in
;   "Applications et fonctionnalités" with its uninstaller; needs administrator rights;
; - upgrade: installing a newer version over an older one replaces the program files where
;   they are (the previous install folder is kept) and nothing else;
; - the users' databases, backups and settings live in each user's profile
;   (%LOCALAPPDATA%\rcp-desktop, %APPDATA%\rcp-desktop): neither an upgrade nor the
;   uninstaller ever touches them;
; - silent deployment on several machines: setup.exe /S  (uninstall: uninstall.exe /S);
; - signing: the executables in SOURCE_DIR are signed before this script runs; SIGN_COMMAND
;   signs the uninstaller while it is generated (!uninstfinalize); the installer itself is
;   signed afterwards (packaging/windows/sign.sh, or signtool on Windows).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef VERSION
  !error "define VERSION: makensis -DVERSION=x.y.z"
!endif
!ifndef SOURCE_DIR
  !error "define SOURCE_DIR: the frozen one-folder build (rcp-desktop.exe, rcp-desktop-cli.exe, _internal)"
!endif
!ifndef OUTFILE
  !define OUTFILE "rcp-desktop-${VERSION}-windows-x64-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\rcp-desktop.ico"
!endif

!define APP "rcp-desktop"
!define PUBLISHER "rcp-desktop"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define REG_KEY "Software\${APP}"

!include "MUI2.nsh"
!include "x64.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

Name "rcp-desktop ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
BrandingText "rcp-desktop ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
; No "launch now" checkbox: it would start the app with the administrator's rights and profile,
; and its first run would create the database in the wrong account.
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductName" "rcp-desktop"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileDescription" "Installation de rcp-desktop ${VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "LegalCopyright" "rcp-desktop"

!ifdef SIGN_COMMAND
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "rcp-desktop nécessite une version 64 bits de Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ; Upgrade: install where the previous version is.
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

; A running copy keeps its executable open: writing to it fails. Ask to close it rather than
; leave a half-replaced program folder.
!macro WaitUntilClosed EXE
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    retry_${EXE}:
    ClearErrors
    FileOpen $1 "$INSTDIR\${EXE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "rcp-desktop est ouvert sur ce poste. Fermez-le (chez tous les utilisateurs connectés) puis cliquez sur Réessayer." \
        /SD IDCANCEL IDRETRY retry_${EXE}
      Abort
    ${EndIf}
    FileClose $1
  ${EndIf}
!macroend

; Only what the installer put there; never the users' data (see the header).
!macro RemoveProgramFiles
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\rcp-desktop.exe"
  Delete "$INSTDIR\rcp-desktop-cli.exe"
!macroend

Section "rcp-desktop" SecMain
  SectionIn RO
  !insertmacro WaitUntilClosed "rcp-desktop.exe"
  !insertmacro WaitUntilClosed "rcp-desktop-cli.exe"
  ; Files of the previous version that this one no longer has must not linger.
  !insertmacro RemoveProgramFiles
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\rcp-desktop.lnk" "$INSTDIR\rcp-desktop.exe" "" "$INSTDIR\rcp-desktop.exe" 0
  WriteRegStr HKLM "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REG_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "rcp-desktop"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\rcp-desktop.exe"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  !insertmacro WaitUntilClosed "rcp-desktop.exe"
  Delete "$SMPROGRAMS\rcp-desktop.lnk"
  !insertmacro RemoveProgramFiles
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: anything else there is not ours
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "${REG_KEY}"
SectionEnd
