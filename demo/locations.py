"""The demo clinic location: Lakeshore clinic, with opening hours, directions in English and Spanish, a position
and a simple "not to scale" map drawn with Pillow when the demo loads (stored as a Wagtail image: no binary in the
repository, nothing loaded from a map site)."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from locations.models import Location, OpeningHours

#: The service of the demo's ketamine infusion times; the ketamine page shows them (its `appointment_service`).
KETAMINE_SERVICE = "Ketamine infusion"

LAKESHORE = {
    "name": "Lakeshore clinic",
    "name_es": "Clínica Lakeshore",
    "street_address": "410 Lakeshore Drive, Suite 200",
    "city": "Springfield",
    "region": "OR",
    "postal_code": "97477",
    "latitude": "44.046236",
    "longitude": "-123.022029",
    "map_alt": "Map, not to scale: the clinic is on Lakeshore Drive at the corner of Main Street. The Main Street bus "
    "stop is one block south; the clinic's car park is behind the building, entered from Main Street.",
    "map_alt_es": "Mapa, no a escala: la clínica está en Lakeshore Drive, en la esquina con Main Street. La parada de "
    "autobús de Main Street está a una cuadra al sur; el estacionamiento de la clínica está detrás del edificio, con "
    "entrada por Main Street.",
    "directions_car": "From I-5, take exit 194 and follow Main Street west for two miles; turn right onto Lakeshore "
    "Drive. The car park entrance is on Main Street, just before the corner.",
    "directions_car_es": "Desde la I-5, tome la salida 194 y siga por Main Street hacia el oeste dos millas; gire a "
    "la derecha en Lakeshore Drive. La entrada al estacionamiento está en Main Street, justo antes de la esquina.",
    "directions_transit": "Bus 11 or 12 to the Main Street & Lakeshore stop, one block south of the clinic.",
    "directions_transit_es": "Autobús 11 o 12 hasta la parada Main Street & Lakeshore, a una cuadra al sur de la "
    "clínica.",
    "parking": "Free parking behind the building, with four accessible spaces next to the back entrance.",
    "parking_es": "Estacionamiento gratuito detrás del edificio, con cuatro espacios accesibles junto a la entrada "
    "trasera.",
    "step_free_access": "Step-free from the car park through the automatic back door; a lift goes to Suite 200 on "
    "the second floor. An accessible restroom is next to the waiting room.",
    "step_free_access_es": "Sin escalones desde el estacionamiento por la puerta trasera automática; un ascensor "
    "sube a la Suite 200 en el segundo piso. Hay un baño accesible junto a la sala de espera.",
}
#: Monday to Thursday 8:00-17:00, Friday 8:00-15:00 (as the clinic's details say).
HOURS = [(day, datetime.time(8), datetime.time(17)) for day in range(4)] + [(4, datetime.time(8), datetime.time(15))]


def map_png():
    """A plain street sketch: two streets, the clinic, the bus stop and the car park (labels in figures only)."""
    width, height = 640, 400
    image = PillowImage.new("RGB", (width, height), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 170, width, 230), fill="#ffffff", outline="#8a8a8a")  # Main Street (east-west)
    draw.rectangle((380, 0, 440, height), fill="#ffffff", outline="#8a8a8a")  # Lakeshore Drive (north-south)
    draw.rectangle((0, 0, 160, 120), fill="#b9d7ea")  # the lake
    draw.rectangle((460, 60, 600, 150), fill="#1d5c7a", outline="#0b2f40", width=3)  # the clinic
    draw.rectangle((460, 20, 600, 55), fill="#d6d6d6", outline="#6b6b6b")  # the car park
    draw.ellipse((452, 245, 476, 269), fill="#c2410c")  # the bus stop
    draw.text((470, 95), "CLINIC", fill="#ffffff")
    draw.text((520, 30), "P", fill="#111111")
    draw.text((482, 250), "BUS 11/12", fill="#111111")
    draw.text((20, 192), "MAIN ST", fill="#333333")
    draw.text((392, 300), "LAKESHORE DR", fill="#333333")
    draw.text((10, 375), "NOT TO SCALE", fill="#555555")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def root_collection():
    """Wagtail's root collection, which migrations create (made again after a test flushed the database)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def ensure_map_image():
    Image = get_image_model()
    title = "Map of Lakeshore clinic (not to scale)"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, collection=root_collection())
        image.file = ImageFile(io.BytesIO(map_png()), name="lakeshore-clinic-map.png")
        image.save()
    return image


def ensure_locations(created):
    """{name: location} for the demo's locations, created when missing (never changed once there)."""
    location = Location.objects.filter(name=LAKESHORE["name"]).first()
    if location is None:
        location = Location(**LAKESHORE, map_image=ensure_map_image())
        location.hours = [OpeningHours(weekday=day, opens=opens, closes=closes) for day, opens, closes in HOURS]
        location.save()
        created.append(f"location {location.name}")
    return {location.name: location}
