"""Type into a workbook as a person would, in LibreOffice, and save it: run by the system Python that has LibreOffice's
UNO bridge (not the project's venv), as `python3 drive.py job.json`.

The job names the profile (whose locale decides how typed dates are read), the workbook to open, the cells to type
(sheet index, row, column, from 0, and the text typed) and the file to save, in the format its suffix names.
"""

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8"}


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def suffix(path):
    return path[path.rindex(".") :]


def main(job_path):
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    pipe = job["pipe"]
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={job['profile']}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _attempt in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        source = uno.systemPathToFileUrl(job["source"])
        document = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True),))
        controller = document.getCurrentController()
        helper = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for sheet, row, column, typed in job["typed"]:
            # Typed as on the keyboard (the API's setFormula would ignore a text cell's format): the cell's format
            # and the profile's locale decide what the text becomes.
            controller.select(document.Sheets.getByIndex(sheet).getCellByPosition(column, row))
            helper.executeDispatch(controller.getFrame(), ".uno:EnterString", "", 0, (prop("StringName", typed),))
        target = job["target"]
        document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", FILTERS[suffix(target)]),))
        try:
            document.close(True)
            desktop.terminate()
        except DisposedException:  # the office quits before it answers: the file is written, the bridge is gone
            pass
        office.wait(60)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1])
