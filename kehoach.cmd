@echo off
rem Windows launcher: run kehoach from the project's .venv (made by "py bootstrap.py") without activating it.
if exist "%~dp0.venv\Scripts\python.exe" (
  "%~dp0.venv\Scripts\python.exe" "%~dp0build.py" %*
) else (
  py -3 "%~dp0build.py" %*
)
exit /b %errorlevel%
