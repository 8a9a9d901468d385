// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import java.time.ZonedDateTime;

/**
 * What a zone rule sees at one tick. {@code moisture} is the combined soil value (NaN when stale or invalid);
 * {@code local} is the site's wall time, or null while the clock is not plausible; {@code flowTotal} the flow
 * meter's litres (NaN without one); {@code rainMm} the rain in the rain-skip window (NaN without a gauge);
 * {@code airTemperature} NaN without a frost sensor.
 */
public record ZoneInputs(double moisture, boolean valveOpen, ZonedDateTime local, double flowTotal, double rainMm,
    double airTemperature) {}
